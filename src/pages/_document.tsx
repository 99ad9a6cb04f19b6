import Document, { Head, Html, Main, NextScript, type DocumentContext, type DocumentInitialProps } from "next/document";
import { THEME_COOKIE, themeAttribute, themeFromCookie } from "@/shared/theme";

/** A cookie's value in a Cookie header. */
function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

type Props = DocumentInitialProps & { theme: ReturnType<typeof themeAttribute> };

// As the app's root layout: a light or dark choice is rendered into the first HTML.
export default class RosterDocument extends Document<Props> {
  static async getInitialProps(ctx: DocumentContext): Promise<Props> {
    const initial = await Document.getInitialProps(ctx);
    return { ...initial, theme: themeAttribute(themeFromCookie(cookieValue(ctx.req?.headers.cookie, THEME_COOKIE))) };
  }

  render() {
    return (
      <Html lang="en" data-theme={this.props.theme}>
        <Head />
        <body>
          <Main />
          <NextScript />
        </body>
      </Html>
    );
  }
}
