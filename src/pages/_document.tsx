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

type Props = DocumentInitialProps & { theme: ReturnType<typeof themeAttribute>; nonce: string | undefined };

// As the app's root layout: a light or dark choice is rendered into the first HTML.
export default class RosterDocument extends Document<Props> {
  static async getInitialProps(ctx: DocumentContext): Promise<Props> {
    const initial = await Document.getInitialProps(ctx);
    // The policy's nonce (the guard puts it on the request): the pages router does not read it by
    // itself. Production sends this page no script; development does (and hides the body until it runs).
    const csp = ctx.req?.headers["content-security-policy"];
    const nonce = /'nonce-([^']+)'/.exec(Array.isArray(csp) ? csp.join(";") : (csp ?? ""))?.[1];
    return { ...initial, theme: themeAttribute(themeFromCookie(cookieValue(ctx.req?.headers.cookie, THEME_COOKIE))), nonce };
  }

  render() {
    return (
      <Html lang="en" data-theme={this.props.theme}>
        <Head nonce={this.props.nonce} />
        <body>
          <Main />
          <NextScript nonce={this.props.nonce} />
        </body>
      </Html>
    );
  }
}
