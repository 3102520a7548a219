// Package motor declares the rule runner entry point decK's lint package calls.
package motor

import (
	"github.com/daveshanley/vacuum/model"
	"github.com/daveshanley/vacuum/rulesets"
)

// RuleSetExecution stands for one lint run.
type RuleSetExecution struct {
	RuleSet           *rulesets.RuleSet
	Spec              []byte
	SkipDocumentCheck bool
	AllowLookup       bool
}

// RuleSetExecutionResult holds no findings.
type RuleSetExecutionResult struct {
	Results []model.RuleFunctionResult
}

// ApplyRulesToRuleSet finds nothing (never reached: CreateRuleSetFromData fails first).
func ApplyRulesToRuleSet(_ *RuleSetExecution) *RuleSetExecutionResult { return &RuleSetExecutionResult{} }
