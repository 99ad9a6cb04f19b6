import { describe, expect, it } from "vitest";
import { REFUSED_RESTARTING, REFUSED_UNAVAILABLE, SIGNED_OUT_REFUSAL } from "@/shared/events";
import { TooManyRequests } from "../limits";
import { SocketCaps } from "./socket-guard";
import { refusalLabel } from "./socket-metrics";

// The refusal messages come from their real sources where they are exported, so a reworded
// message shows up here rather than as "other" in production.
describe("refusalLabel", () => {
  it("labels every refusal of the handshake", () => {
    expect(refusalLabel(REFUSED_RESTARTING)).toBe("restarting");
    expect(refusalLabel(REFUSED_UNAVAILABLE)).toBe("unavailable");
    expect(refusalLabel(SIGNED_OUT_REFUSAL)).toBe("signed_out");
    expect(refusalLabel(new TooManyRequests(7).message)).toBe("rate_limited");
    expect(refusalLabel("Bad handshake: a workspace is required.")).toBe("bad_handshake");
    expect(refusalLabel("Workspace not found.")).toBe("no_workspace");
    expect(refusalLabel(new SocketCaps(10, 0).admit("u1", "10.0.0.1")!)).toBe("too_many_from_address");
    expect(refusalLabel(new SocketCaps(0, 10).admit("u1", "10.0.0.1")!)).toBe("too_many_for_user");
    expect(refusalLabel("Server error during connect.")).toBe("error");
    expect(refusalLabel("Something new.")).toBe("other");
  });
});
