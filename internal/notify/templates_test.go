package notify

import (
	"strings"
	"testing"
)

func TestTemplatesEscapeHTML(t *testing.T) {
	m, err := ResetPassword("a@example.com", LinkData{Name: `<script>x</script>`, Link: `https://shop.example.com/account/reset?token=at_x"onmouseover="y`})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(m.HTML, "<script>") || strings.Contains(m.HTML, `"onmouseover="`) {
		t.Fatalf("HTML body not escaped:\n%s", m.HTML)
	}
	if !strings.Contains(m.Text, "<script>x</script>") || m.Subject != "Reset your password" {
		t.Fatalf("text body: %q", m.Text)
	}
}
