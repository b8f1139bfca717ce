// Package examples holds the tests that drive the example applications of
// examples/*: each is a real npm project, pinned, built and run as a user
// would, against a fresh Comptoir.
package examples
