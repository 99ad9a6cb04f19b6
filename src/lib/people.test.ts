import { describe, expect, it } from "vitest";
import { PeopleStore } from "./people";
import type { PersonProfile } from "@/shared/profile";

const profile = (id: string, title: string | null = null): PersonProfile => ({ id, name: id.toUpperCase(), title, timeZone: null, avatar: null, offHours: null });
const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe("the people store", () => {
  it("asks once per batch for what components want, and leaves non-members out as null", async () => {
    const asked: string[][] = [];
    const store = new PeopleStore(async (ids) => (asked.push(ids), ids.filter((id) => id !== "stranger").map((id) => profile(id))), 1);
    let heard = 0;
    store.subscribe(() => void heard++);
    store.want(["a", "b"]);
    store.want(["b", "stranger"]);
    expect(store.peek("a")).toBeUndefined();
    await tick(20);
    expect(asked).toEqual([["a", "b", "stranger"]]);
    expect(store.peek("a")).toEqual(profile("a"));
    expect(store.peek("stranger")).toBeNull();
    expect(heard).toBe(1);
    store.want(["a"]); // known: not asked again
    await tick(20);
    expect(asked).toHaveLength(1);
  });

  it("splits a big ask into requests of at most 100 ids", async () => {
    const asked: number[] = [];
    const store = new PeopleStore(async (ids) => (asked.push(ids.length), ids.map((id) => profile(id))), 1);
    store.want(Array.from({ length: 250 }, (_, i) => `u${i}`));
    await tick(50);
    expect(asked).toEqual([100, 100, 50]);
  });

  it("on refresh asks again for everyone known, keeping the old profile until the new one is in; tells only on change", async () => {
    let title = "Designer";
    const store = new PeopleStore(async (ids) => ids.map((id) => profile(id, id === "a" ? title : null)), 1);
    store.want(["a", "b"]);
    await tick(20);
    let heard = 0;
    store.subscribe(() => void heard++);
    const before = store.peek("b");
    title = "Lead";
    store.refresh();
    expect(store.peek("a")?.title).toBe("Designer");
    await tick(20);
    expect(store.peek("a")?.title).toBe("Lead");
    expect(store.peek("b")).toBe(before); // unchanged: the same object, so nothing re-renders
    expect(heard).toBe(1);
  });

  it("asks again later when the server did not answer", async () => {
    let up = false;
    const store = new PeopleStore(async (ids) => (up ? ids.map((id) => profile(id)) : null), 1, 10);
    store.want(["a"]);
    await tick(5);
    expect(store.peek("a")).toBeUndefined();
    up = true;
    await tick(40);
    expect(store.peek("a")).toEqual(profile("a"));
  });
});
