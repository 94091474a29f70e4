//go:build !pprof

package main

func startProfile() (stop func()) { return func() {} }
