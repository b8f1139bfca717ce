// Affiliate links are STOREFRONT/?ref=CODE: the visit is counted once per
// visitor (a random id kept in this browser) and the attribution token it
// returns is put on the cart when the cart is created.
const VISITOR = "comptoir.visitor";
const ATTRIBUTION = "comptoir.attribution";

export function visitorId(): string {
  let id = window.localStorage.getItem(VISITOR);
  if (!id) {
    id = crypto.randomUUID();
    window.localStorage.setItem(VISITOR, id);
  }
  return id;
}

export function attributionToken(): string | null {
  return window.localStorage.getItem(ATTRIBUTION);
}

export function setAttributionToken(t: string | null) {
  if (t) window.localStorage.setItem(ATTRIBUTION, t);
  else window.localStorage.removeItem(ATTRIBUTION);
}
