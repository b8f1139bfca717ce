package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/comptoir/comptoir/internal/catalog"
	"github.com/comptoir/comptoir/migrations"
)

func cmdImport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import", usageOf["import"], stdout, stderr)
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	_, _, st, _, err := setup(stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	if _, err := migrations.Apply(ctx, st.DB, st.Dialect); err != nil {
		return err
	}
	start := time.Now()
	res, err := catalog.Import(ctx, st, f)
	if res != nil {
		for _, le := range res.Errors {
			fmt.Fprintln(stderr, "skipped", le.Error())
		}
		fmt.Fprintf(stdout, "%d lines: %d products imported (%d created, %d updated), variants %d created, %d updated, %d lines skipped, in %s\n",
			res.Lines, res.Products, res.ProductsCreated, res.ProductsUpdated, res.VariantsCreated, res.VariantsUpdated,
			len(res.Errors), time.Since(start).Round(time.Millisecond))
	}
	if err != nil {
		return fmt.Errorf("import stopped: %w", err)
	}
	if res.Products == 0 && len(res.Errors) > 0 {
		return fmt.Errorf("no line could be imported")
	}
	return nil
}
