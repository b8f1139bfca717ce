// An image of the API's Media: the URL was asked for with a transform that
// fits it in a box; width and height are the original's, scaled to the box
// here so the page reserves the right space before the image loads.
type MediaLike = { url: string; alt: string; width?: number | null; height?: number | null };

export function MediaImage({ media, box, className, eager }: { media: MediaLike; box: number; className?: string; eager?: boolean }) {
  const w = media.width ?? box;
  const h = media.height ?? box;
  const scale = Math.min(1, box / Math.max(w, h));
  return (
    // eslint-disable-next-line @next/next/no-img-element -- the API resizes; no optimizer
    <img
      src={media.url}
      alt={media.alt}
      width={Math.round(w * scale)}
      height={Math.round(h * scale)}
      loading={eager ? "eager" : "lazy"}
      className={className}
    />
  );
}

export function NoImage({ box }: { box: number }) {
  return <div className="no-image" style={{ width: box, height: box }} aria-hidden />;
}
