// Package rulesets declares the part of vacuum's rulesets API that decK's lint package calls.
package rulesets

import "errors"

// ErrUnavailable is returned by every entry point: linting is not part of this build.
var ErrUnavailable = errors.New("deck file lint is not available in this build: vacuum is replaced by a stub (tools/real/deck/vacuum-stub)")

// RuleSet stands for a vacuum rule set.
type RuleSet struct{}

// GetExtendsValue reports no extended rule sets.
func (rs *RuleSet) GetExtendsValue() map[string]string { return nil }

// RuleSets stands for vacuum's built-in rule sets.
type RuleSets interface {
	GenerateRuleSetFromSuppliedRuleSet(config *RuleSet) *RuleSet
}

type none struct{}

func (none) GenerateRuleSetFromSuppliedRuleSet(config *RuleSet) *RuleSet { return config }

// BuildDefaultRuleSets returns an empty set.
func BuildDefaultRuleSets() RuleSets { return none{} }

// CreateRuleSetFromData always fails with ErrUnavailable.
func CreateRuleSetFromData(_ []byte) (*RuleSet, error) { return nil, ErrUnavailable }
