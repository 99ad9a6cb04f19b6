import type { AppProps } from "next/app";
import "../app/globals.css";

// The few pages served by the pages router (the sign-in page, which ships no script) share the
// app's stylesheet.
export default function App({ Component, pageProps }: AppProps) {
  return <Component {...pageProps} />;
}
