// Package jsonschema is github.com/santhosh-tekuri/jsonschema/v6 at v6.0.3
// (Apache-2.0, see LICENSE), copied so that nothing runs at program
// start-up: upstream compiles the meta-schemas of every draft in init()
// (about 9 ms of each collab command, validating or not) and builds its
// message printer in a package variable. Here both are made on first use
// (Draft.load, one draft at a time, and defaultPrinter). Messages are
// formatted by kind.Printer, which writes numbers as upstream's English
// golang.org/x/text printer does without linking x/text, whose language
// tables are also set up at start-up. One addition: Compiler.TrustSchemas,
// which skips checking a trusted schema against its meta-schema. Nothing
// else differs from upstream.
package jsonschema
