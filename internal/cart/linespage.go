package cart

import (
	"strings"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/pagination"
)

// LinesPage is a page of the cart's lines (Cart.lines), cut from the
// quote: the quote holds every line of the cart, oldest first, with its
// variant (a cart holds at most MaxLines, and a page up to
// pagination.Max), so the page costs no statement and always agrees with
// the cost read with it. Cursors are (created_at, id), as ent's
// CartLineOrderFieldCreatedAt makes them. Errors: BAD_USER_INPUT for a page
// size out of bounds or a cursor that is not a line's.
func (q *Quote) LinesPage(after *ent.Cursor, first *int, before *ent.Cursor, last *int) (*ent.CartLineConnection, error) {
	first, last, err := pagination.Normalize(first, last)
	if err != nil {
		return nil, err
	}
	lo, hi := 0, len(q.Lines)
	if after != nil {
		at, err := cursorTime(after, "after")
		if err != nil {
			return nil, err
		}
		for lo < hi && compareLine(q.Lines[lo], at, after) <= 0 {
			lo++
		}
	}
	if before != nil {
		at, err := cursorTime(before, "before")
		if err != nil {
			return nil, err
		}
		for hi > lo && compareLine(q.Lines[hi-1], at, before) >= 0 {
			hi--
		}
	}
	if first != nil && hi-lo > *first {
		hi = lo + *first
	}
	if last != nil && hi-lo > *last {
		lo = hi - *last
	}
	conn := &ent.CartLineConnection{Edges: make([]*ent.CartLineEdge, 0, hi-lo), TotalCount: len(q.Lines)}
	for _, l := range q.Lines[lo:hi] {
		conn.Edges = append(conn.Edges, &ent.CartLineEdge{Node: l, Cursor: ent.Cursor{ID: l.ID, Value: l.CreatedAt}})
	}
	conn.PageInfo.HasPreviousPage = lo > 0
	conn.PageInfo.HasNextPage = hi < len(q.Lines)
	if n := len(conn.Edges); n > 0 {
		conn.PageInfo.StartCursor = &conn.Edges[0].Cursor
		conn.PageInfo.EndCursor = &conn.Edges[n-1].Cursor
	}
	return conn, nil
}

// cursorTime reads a lines cursor's created_at.
func cursorTime(c *ent.Cursor, arg string) (time.Time, error) {
	if t, ok := c.Value.(time.Time); ok {
		return t, nil
	}
	return time.Time{}, apperr.BadInput([]string{arg}, "this cursor is not one of the cart's lines")
}

// compareLine orders a line against a cursor as the lines are ordered:
// created_at, then id.
func compareLine(l *ent.CartLine, at time.Time, c *ent.Cursor) int {
	if n := l.CreatedAt.Compare(at); n != 0 {
		return n
	}
	return strings.Compare(string(l.ID), string(c.ID))
}
