import { errorsFor, otherErrors, type UserErrorLike } from "@/lib/errors";

/** The userErrors that name `field`, shown under its input. */
export function FieldErrors({ errors, field }: { errors?: readonly UserErrorLike[]; field: string }) {
  const mine = errorsFor(errors, field);
  if (mine.length === 0) return null;
  return (
    <>
      {mine.map((e, i) => (
        <p key={i} className="field-error" role="alert" data-field={field} data-code={e.code}>
          {e.message}
        </p>
      ))}
    </>
  );
}

/** The userErrors that name no field of the form. */
export function FormErrors({ errors, fields }: { errors?: readonly UserErrorLike[]; fields: string[] }) {
  const rest = otherErrors(errors, fields);
  if (rest.length === 0) return null;
  return (
    <div className="form-errors" role="alert">
      {rest.map((e, i) => (
        <p key={i} className="field-error" data-code={e.code}>
          {e.message}
        </p>
      ))}
    </div>
  );
}
