package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/realtime"
	"github.com/comptoir/comptoir/internal/store"
)

// sseTransport serves GraphQL over Server-Sent Events, the graphql-sse
// protocol's "distinct connections" mode (as gqlgen's transport.SSE): a
// POST accepting text/event-stream gets one "next" event per result, then
// "complete".
//
// Ours rather than gqlgen's, which echoes a malformed body in its error
// (and to the standard logger), and whose streams know nothing of the
// connection limits and outlive a graceful shutdown. Here a subscription
// stream is one connection of its account, counted with its WebSockets
// (COMPTOIR_MAX_CONNECTIONS_PER_USER), and CloseStreams ends it.
type sseTransport struct{ s *Server }

func (sseTransport) Supports(r *http.Request) bool {
	if r.Method != http.MethodPost || !strings.Contains(r.Header.Get("Accept"), "text/event-stream") {
		return false
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == mediaJSON
}

func (t sseTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		malformed(w, r, exec, mediaJSON, http.StatusInternalServerError, "streaming is not supported on this connection")
		return
	}
	raw, hasQuery, ok := readBody(w, r, exec, mediaJSON)
	if !ok {
		return
	}
	if !hasQuery && raw.Extensions["persistedQuery"] == nil {
		malformed(w, r, exec, mediaJSON, http.StatusBadRequest, "query is required (a string)")
		return
	}
	ctx := r.Context()
	opCtx, errs := exec.CreateOperationContext(ctx, raw)
	stream := ctx
	if errs == nil && opCtx.Operation.Operation == ast.Subscription {
		conn, status, err := t.s.openStream(r)
		if err != nil {
			resp := exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), gqlerror.List{err})
			writeResponse(w, mediaJSON, status, resp, false)
			return
		}
		defer t.s.release(conn)
		stream = conn
	}

	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, ":\n\n") // headers out now: the client sees the stream open
	flusher.Flush()
	send := func(resp *graphql.Response) {
		b, err := json.Marshal(resp)
		if err != nil {
			b = []byte(`{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`)
		}
		_, _ = fmt.Fprintf(w, "event: next\ndata: %s\n\n", b)
		flusher.Flush()
	}
	if errs != nil {
		send(exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs))
	} else {
		responses, dctx := exec.DispatchOperation(stream, opCtx)
		for {
			resp := responses(dctx)
			if resp == nil {
				break
			}
			send(resp)
		}
	}
	if stream.Err() != nil && ctx.Err() == nil {
		// Ended by the server (shutdown, a subscriber too slow): no
		// "complete", so that the client reconnects rather than believing
		// the subscription over.
		return
	}
	_, _ = io.WriteString(w, "event: complete\n\n")
	flusher.Flush()
}

// openStream admits an SSE subscription stream as a connection of its
// account: the same limits as a WebSocket, one subscription per stream.
// A refusal comes with its HTTP status.
func (s *Server) openStream(r *http.Request) (*realtime.Conn, int, *gqlerror.Error) {
	ctx := r.Context()
	var who pulid.ID
	v, err := account.CurrentViewer(ctx)
	if e, ok := apperr.As(err); ok && e.Code == apperr.Unauthenticated {
		return nil, http.StatusUnauthorized, coded(apperr.Unauthenticated, "invalid or expired access token")
	}
	if err != nil && store.Unavailable(err) {
		s.log.Warn("sse: load viewer: database unavailable", "id", RequestID(ctx), "error", err)
		return nil, http.StatusServiceUnavailable, coded(apperr.Unavailable, "the database is unavailable: try again shortly")
	}
	if err != nil {
		s.log.Error("sse: load viewer", "id", RequestID(ctx), "error", err)
		return nil, http.StatusServiceUnavailable, coded(apperr.Internal, "the server could not check the session: try again later")
	}
	if v != nil {
		who = v.Customer.ID
	}
	conn := realtime.NewConn(ctx, s.cfg.MaxSubscriptionsConn)
	switch err := s.admit(conn, who); {
	case errors.Is(err, errShuttingDown):
		conn.Close(realtime.CloseGoingAway, "")
		return nil, http.StatusServiceUnavailable, coded(apperr.Internal, "the server is shutting down: reconnect")
	case err != nil:
		conn.Close(realtime.CloseGoingAway, "")
		return nil, http.StatusTooManyRequests, coded(apperr.RateLimited, fmt.Sprintf(
			"too many connections for this account (at most %d WebSockets and SSE streams together)", s.cfg.MaxConnectionsUser))
	}
	return conn, 0, nil
}

func coded(code apperr.Code, msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": string(code)}}
}
