package auth

import (
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// AccessTokenType is the JWT "typ" header of access tokens (RFC 9068).
// Refresh tokens are opaque strings, never JWTs, so neither can pass for
// the other.
const AccessTokenType = "at+jwt"

// maxTokenLen bounds what is parsed at all (a 64 KiB token of dots is
// refused before any decoding).
const maxTokenLen = 2048

// ErrInvalidToken is every reason a token is refused.
var ErrInvalidToken = errors.New("invalid or expired access token")

// Claims are an access token's claims.
type Claims struct {
	jwt.RegisteredClaims
	SessionID string `json:"sid"`
	Role      string `json:"role"`
}

// Tokens issues and verifies access tokens.
type Tokens struct {
	Ring     *KeyRing
	Issuer   string
	Audience string
	TTL      time.Duration
	Leeway   time.Duration
	Now      func() time.Time
}

func (t *Tokens) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

// Issue signs an access token for a subject and session.
func (t *Tokens) Issue(subject, sessionID, role string) (string, time.Time, error) {
	now := t.now()
	exp := now.Add(t.TTL)
	claims := Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    t.Issuer,
			Subject:   subject,
			Audience:  jwt.ClaimStrings{t.Audience},
			ExpiresAt: jwt.NewNumericDate(exp),
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
		},
		SessionID: sessionID,
		Role:      role,
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, claims)
	tok.Header["typ"] = AccessTokenType
	tok.Header["kid"] = t.Ring.signing.ID
	s, err := tok.SignedString(t.Ring.signing.Private)
	if err != nil {
		return "", time.Time{}, err
	}
	return s, exp, nil
}

// Verify checks an access token and returns its claims, or ErrInvalidToken.
func (t *Tokens) Verify(token string) (*Claims, error) {
	if len(token) == 0 || len(token) > maxTokenLen {
		return nil, ErrInvalidToken
	}
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodEdDSA.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(t.Issuer),
		jwt.WithAudience(t.Audience),
		jwt.WithLeeway(t.Leeway),
		jwt.WithTimeFunc(t.now),
		jwt.WithStrictDecoding(),
	)
	claims := &Claims{}
	_, err := parser.ParseWithClaims(token, claims, func(tok *jwt.Token) (any, error) {
		if typ, _ := tok.Header["typ"].(string); typ != AccessTokenType {
			return nil, ErrInvalidToken
		}
		kid, _ := tok.Header["kid"].(string)
		key, ok := t.Ring.verify[kid]
		if !ok {
			return nil, ErrInvalidToken
		}
		return key, nil
	})
	if err != nil || claims.Subject == "" || claims.SessionID == "" {
		return nil, ErrInvalidToken
	}
	return claims, nil
}
