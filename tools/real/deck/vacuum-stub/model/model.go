// Package model declares the result types decK's lint package reads.
package model

// Rule stands for a vacuum rule.
type Rule struct {
	Severity string
	Given    interface{}
}

// Node is the position of a result.
type Node struct {
	Line   int
	Column int
}

// RuleFunctionResult stands for one lint finding.
type RuleFunctionResult struct {
	Message   string
	Rule      *Rule
	StartNode *Node
}
