import { z } from "zod";
import { setStatusInput } from "@/shared/custom-status";
import { handle, type SocketContext } from "../socket/handle";
import type { RosterSocket } from "../socket/types";
import type { StatusService } from "./status-service";

const clearInput = z.object({}).strict();

export function registerStatusHandlers(statuses: StatusService, socket: RosterSocket, ctx: SocketContext) {
  const { userId } = socket.data;
  socket.on("status:set", handle(ctx, setStatusInput, (s) => statuses.set(userId, s)));
  socket.on("status:clear", handle(ctx, clearInput, () => statuses.clear(userId)));
}
