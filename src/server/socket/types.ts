import type { Server, Socket } from "socket.io";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "@/shared/events";

export type RosterServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RosterSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
