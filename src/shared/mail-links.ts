/**
 * The links in a plain-text mail, exactly: a URL ends at white space, and punctuation that ends
 * a sentence (".", ",", ";", ":", "!", "?", quotes, a closing bracket) is not part of it.
 */
export const linksIn = (text: string): string[] =>
  (text.match(/https?:\/\/[^\s<>"]+/g) ?? []).map((url) => url.replace(/[.,;:!?'")\]]+$/, "")).filter((url) => /^https?:\/\/[^/]/.test(url));
