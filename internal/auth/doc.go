// Package auth holds Comptoir's credentials: password hashing (argon2id with
// OWASP's parameters) and access tokens (Ed25519-signed JWTs with a pinned
// algorithm, an explicit token type, issuer, audience and expiry required,
// and a key ring for rotation). Every way a token can be wrong yields the
// same ErrInvalidToken, which the API reports as UNAUTHENTICATED and nothing
// more.
package auth
