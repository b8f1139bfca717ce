package recommend_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/analyticsevent"
	"github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/analytics"
	"github.com/comptoir/comptoir/internal/inventory"
	"github.com/comptoir/comptoir/internal/store"
)

// shop builds catalog rows, orders and events for the tests.
type shop struct {
	t      testing.TB
	st     *store.Store
	c      *ent.Client
	seller *ent.Seller
	wh     *ent.Warehouse
	n      int
}

func newShop(t testing.TB, st *store.Store) *shop {
	ctx := context.Background()
	wh, err := inventory.DefaultWarehouse(ctx, st.Client)
	if err != nil {
		t.Fatal(err)
	}
	s := &shop{t: t, st: st, c: st.Client, wh: wh}
	s.seller = st.Client.Seller.Create().SetName("Shop").SetSlug("shop").SaveX(ctx)
	return s
}

func (s *shop) next() int { s.n++; return s.n }

func (s *shop) category(name string) pulid.ID {
	i := s.next()
	return s.c.Category.Create().SetName(name).SetSlug(fmt.Sprintf("%s-%d", name, i)).SetPath(fmt.Sprintf("/%d/", i)).
		SaveX(context.Background()).ID
}

// item is a product to make: ACTIVE and in stock unless said otherwise.
type item struct {
	cat        *pulid.ID
	attrs      map[string]string
	stock      int // -1: none at all
	status     product.Status
	consumable bool
	unitsSold  int
}

func (s *shop) product(it item) *ent.Product {
	ctx := context.Background()
	i := s.next()
	if it.status == "" {
		it.status = product.StatusACTIVE
	}
	if it.attrs == nil {
		it.attrs = map[string]string{}
	}
	p := s.c.Product.Create().SetName(fmt.Sprintf("P%d", i)).SetSlug(fmt.Sprintf("p-%d", i)).SetSellerID(s.seller.ID).
		SetStatus(it.status).SetNillableCategoryID(it.cat).SetAttributes(it.attrs).SetConsumable(it.consumable).
		SetUnitsSold(it.unitsSold).SaveX(ctx)
	v := s.c.ProductVariant.Create().SetProductID(p.ID).SetSku(fmt.Sprintf("SKU-%d", i)).SetPrice(1000).SetCurrency("EUR").SaveX(ctx)
	stock := it.stock
	if stock == 0 {
		stock = 10
	}
	if stock > 0 {
		s.c.InventoryLevel.Create().SetVariantID(v.ID).SetWarehouseID(s.wh.ID).SetOnHand(stock).ExecX(ctx)
	} else {
		s.c.InventoryLevel.Create().SetVariantID(v.ID).SetWarehouseID(s.wh.ID).SetOnHand(0).ExecX(ctx)
	}
	return p
}

func (s *shop) products(n int, it item) []*ent.Product {
	out := make([]*ent.Product, n)
	for i := range out {
		out[i] = s.product(it)
	}
	return out
}

func (s *shop) customer() *ent.Customer {
	i := s.next()
	email := fmt.Sprintf("c%d@example.com", i)
	return s.c.Customer.Create().SetEmail(email).SetEmailKey(email).SetPasswordHash("x").SaveX(context.Background())
}

// order writes a paid order (paid nil: unpaid) of one unit of each product.
func (s *shop) order(customer *ent.Customer, paid *time.Time, ps ...*ent.Product) *ent.Order {
	ctx := context.Background()
	i := s.next()
	status := order.StatusPAID
	if paid == nil {
		status = order.StatusPENDING_PAYMENT
	}
	var cid *pulid.ID
	if customer != nil {
		cid = &customer.ID
	}
	o := s.c.Order.Create().SetNumber(int64(i)).SetEmail("b@example.com").SetCartID(pulid.New("crt")).
		SetNillableCustomerID(cid).SetIdempotencyKey(fmt.Sprintf("k%d", i)).SetCurrency("EUR").SetSubtotal(0).SetTotal(0).
		SetStatus(status).SetNillablePaidAt(paid).SaveX(ctx)
	lines := make([]*ent.OrderLineCreate, len(ps))
	for j, p := range ps {
		lines[j] = s.c.OrderLine.Create().SetOrderID(o.ID).SetVariantID(pulid.New("var")).SetProductID(p.ID).
			SetSellerID(s.seller.ID).SetProductName(p.Name).SetSku("x").SetQuantity(1).SetUnitPrice(1000).SetSubtotal(1000).SetTotal(1000)
	}
	s.c.OrderLine.CreateBulk(lines...).ExecX(ctx)
	return o
}

// view records a product view of a visitor (a storefront's visitor id),
// received when it occurred.
func (s *shop) view(visitor string, customer *ent.Customer, p *ent.Product, at time.Time) {
	s.viewReceived(visitor, customer, p, at, at)
}

// viewReceived records a view received at received (a storefront sends
// its events in batches, late).
func (s *shop) viewReceived(visitor string, customer *ent.Customer, p *ent.Product, at, received time.Time) {
	i := s.next()
	var cid *pulid.ID
	if customer != nil {
		cid = &customer.ID
	}
	s.c.AnalyticsEvent.Create().SetEventID(fmt.Sprintf("00000000-0000-4000-8000-%012d", i)).
		SetType(analyticsevent.TypePRODUCT_VIEWED).SetVisitor(analytics.Digest(visitor)).SetNillableCustomerID(cid).
		SetProductID(p.ID).SetSellerID(p.SellerID).SetOccurredAt(at).SetReceivedAt(received).ExecX(context.Background())
}

func ids(ps []*ent.Product) []pulid.ID {
	out := make([]pulid.ID, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

func ptr[T any](v T) *T { return &v }
