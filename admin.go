package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/auth"
	"github.com/comptoir/comptoir/internal/ratelimit"
	"github.com/comptoir/comptoir/migrations"
)

func cmdAdmin(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("admin", usageOf["admin"], stdout, stderr)
	email := fs.String("email", "", "email of the admin")
	password := fs.String("password", "", "password, used when the account is created (8 to 128 characters)")
	if len(args) == 0 || args[0] != "create" {
		if err := parseFlags(fs, args, stdout); err != nil {
			return err
		}
		fs.Usage()
		return errUsage
	}
	if err := parseFlags(fs, args[1:], stdout); err != nil {
		return err
	}
	if *email == "" || *password == "" {
		fs.Usage()
		return errUsage
	}
	_, _, st, _, err := setup(stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	if _, err := migrations.Apply(ctx, st.DB, st.Dialect); err != nil {
		return err
	}
	// Only accounts are touched: no tokens are issued, so no key is needed.
	svc := account.New(st, auth.Hasher{Params: auth.OWASP}, nil, ratelimit.NewMemory(), account.Config{})
	created, ues, err := svc.EnsureAdmin(ctx, *email, *password)
	if err != nil {
		return err
	}
	if len(ues) > 0 {
		var msgs []string
		for _, ue := range ues {
			msgs = append(msgs, ue.Message)
		}
		return fmt.Errorf("%s", strings.Join(msgs, "; "))
	}
	if created {
		fmt.Fprintf(stdout, "admin %s created\n", *email)
	} else {
		fmt.Fprintf(stdout, "%s is now an admin (password unchanged)\n", *email)
	}
	return nil
}
