// Next.js config. The API's address is read at run time (COMPTOIR_API_URL),
// never baked into the build, so one production build runs against any
// Comptoir. No remote fonts, no image optimizer: images are the API's Media.
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  images: { unoptimized: true },
  typedRoutes: false,
  // Browsers may still ask for /favicon.ico (Chromium did at times although
  // the pages link app/icon.svg): answer it with the same icon, never a 404.
  async rewrites() {
    return [{ source: "/favicon.ico", destination: "/icon.svg" }];
  },
};

export default nextConfig;
