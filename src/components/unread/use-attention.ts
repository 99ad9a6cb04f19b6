"use client";

import { useEffect, useState } from "react";

/** True while this tab is visible and its window focused: the reader is looking at the page. */
export function useAttention(): boolean {
  const [attentive, setAttentive] = useState(false);
  useEffect(() => {
    let focused = document.hasFocus();
    const check = () => setAttentive(document.visibilityState === "visible" && focused);
    const onFocus = () => {
      focused = true;
      check();
    };
    const onBlur = () => {
      focused = false;
      check();
    };
    check();
    document.addEventListener("visibilitychange", check);
    window.addEventListener("focus", onFocus);
    window.addEventListener("blur", onBlur);
    return () => {
      document.removeEventListener("visibilitychange", check);
      window.removeEventListener("focus", onFocus);
      window.removeEventListener("blur", onBlur);
    };
  }, []);
  return attentive;
}
