// userErrors next to the field they name. A userError's field is the path
// of the argument, e.g. ["input", "address", "zip"]; forms ask for theirs
// by the path under `input`.
export type UserErrorLike = { field?: readonly string[] | null; code: string; message: string };

function path(e: UserErrorLike): string {
  const f = e.field ?? [];
  return (f[0] === "input" ? f.slice(1) : f).join(".");
}

/** The errors naming `field` (or anything under it). */
export function errorsFor(errors: readonly UserErrorLike[] | undefined, field: string): UserErrorLike[] {
  return (errors ?? []).filter((e) => {
    const p = path(e);
    return p === field || p.startsWith(field + ".");
  });
}

/** The errors naming none of `fields`: shown at the top of the form. */
export function otherErrors(errors: readonly UserErrorLike[] | undefined, fields: string[]): UserErrorLike[] {
  return (errors ?? []).filter((e) => !fields.some((f) => errorsFor([e], f).length > 0));
}
