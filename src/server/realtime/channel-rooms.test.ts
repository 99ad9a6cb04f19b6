// A new socket's channel rooms when a join or leave raced its handshake: the handshake read its
// channels (the ids handed to `connected`), then the user joined or left a channel before the socket
// was connected, so `joined`/`left` reached only their other sockets. The socket reads its channels
// again once connected and ends in exactly the rooms of the channels it is in (embedded database,
// one real Socket.IO server).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io as connectClient, type Socket as ClientSocket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases, seedTeam, useDatabase } from "@/test/databases";
import { until } from "@/test/realtime-harness";
import { createChannel, joinChannel, leaveChannel } from "../services/channels";
import type { MemberLists } from "../presence/member-lists";
import { channelRoom } from "../socket/rooms";
import type { RosterServer, RosterSocket } from "../socket/types";
import { channelEvents } from "./channel-handlers";

describe("a new socket's channel rooms settle on its channels (PGlite)", () => {
  useDatabase(databases.find((d) => d.name === "pglite")!);
  const http = createServer();
  const io: RosterServer = new Server(http);
  // `connected` never counts "N online": no member list is needed.
  const channels = channelEvents(io, {} as MemberLists);
  /** What the handshake read, per user: the test sets it stale on purpose. */
  const handshakeIds = new Map<string, string[] | undefined>();
  const settled = new Map<string, Promise<void>>();
  const clients: ClientSocket[] = [];
  let url = "";
  let team: Awaited<ReturnType<typeof seedTeam>>;

  beforeAll(async () => {
    team = await seedTeam(["Ada", "Bo", "Cy"], "Channel rooms");
    io.use((socket, next) => {
      const { userId, workspaceId } = socket.handshake.auth as { userId: string; workspaceId?: string };
      Object.assign(socket.data, { userId, workspaceId: workspaceId ?? team.workspaceId });
      next();
    });
    io.on("connection", (socket: RosterSocket) => settled.set(socket.id, channels.connected(socket, handshakeIds.get(socket.data.userId))));
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await io.close();
  });

  /** Connects as `userId` and answers the server-side socket once its rooms settled. */
  async function open(userId: string, workspaceId?: string): Promise<RosterSocket> {
    const client = connectClient(url, { transports: ["websocket"], auth: { userId, workspaceId }, forceNew: true, reconnection: false });
    clients.push(client);
    await new Promise<void>((r) => client.once("connect", () => r()));
    const socket = io.of("/").sockets.get(client.id!)!;
    await settled.get(socket.id);
    return socket;
  }
  const channelRooms = (s: RosterSocket) => [...s.rooms].filter((r) => r.startsWith("chan:")).sort();

  it("joins a channel joined after the handshake's read, leaves one left after it, and keeps the rest", async () => {
    const ada = team.ids.Ada!;
    const bo = team.ids.Bo!;
    const kept = await createChannel(ada, team.workspaceId, { name: "kept", topic: "", isPrivate: false });
    const gone = await createChannel(ada, team.workspaceId, { name: "left-meanwhile", topic: "", isPrivate: true });
    const added = await createChannel(bo, team.workspaceId, { name: "joined-meanwhile", topic: "", isPrivate: false });
    // The handshake read "kept" and "left-meanwhile"; then Ada left one and joined another.
    handshakeIds.set(ada, [kept.id, gone.id]);
    const left = await leaveChannel(ada, team.workspaceId, gone.id);
    const joined = await joinChannel(ada, team.workspaceId, added.id);
    const socket = await open(ada);
    expect(channelRooms(socket)).toEqual([channelRoom(kept.id), channelRoom(added.id)].sort());
    // The private channel she left tells her nothing; the one she joined does.
    const heard: string[] = [];
    clients.at(-1)!.on("channel:updated", ({ conversationId }: { conversationId: string }) => heard.push(conversationId));
    channels.updated(gone.id, left.shared);
    channels.updated(added.id, joined.shared);
    await until(() => heard.length > 0, 2_000, "the joined channel's update arrives");
    await new Promise((r) => setTimeout(r, 100));
    expect(heard).toEqual([added.id]);
  });

  it("reads them when the handshake could not (none handed in); a user in no channel holds no channel room", async () => {
    const cy = team.ids.Cy!;
    const theirs = await createChannel(team.ids.Ada!, team.workspaceId, { name: "for-cy", topic: "", isPrivate: false });
    await joinChannel(cy, team.workspaceId, theirs.id);
    handshakeIds.set(cy, undefined);
    expect(channelRooms(await open(cy))).toEqual([channelRoom(theirs.id)]);

    await leaveChannel(cy, team.workspaceId, theirs.id);
    handshakeIds.set(cy, []);
    expect(channelRooms(await open(cy))).toEqual([]);
  });

  it("sockets of two workspaces connecting together each get their own workspace's channels", async () => {
    const other = await seedTeam(["Dee"], "Channel rooms, elsewhere");
    const dee = other.ids.Dee!;
    const theirs = await createChannel(dee, other.workspaceId, { name: "elsewhere", topic: "", isPrivate: false });
    const ours = await createChannel(team.ids.Bo!, team.workspaceId, { name: "ours", topic: "", isPrivate: false });
    await joinChannel(team.ids.Cy!, team.workspaceId, ours.id);
    handshakeIds.set(dee, undefined);
    handshakeIds.set(team.ids.Cy!, undefined);
    const [deeSocket, cySocket] = await Promise.all([open(dee, other.workspaceId), open(team.ids.Cy!)]);
    expect(channelRooms(deeSocket)).toEqual([channelRoom(theirs.id)]);
    expect(channelRooms(cySocket)).toEqual([channelRoom(ours.id)]);
  });
});
