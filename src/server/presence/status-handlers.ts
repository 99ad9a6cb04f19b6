import { z } from "zod";
import { setStatusInput } from "@/shared/custom-status-input";
import { event, type EventTable } from "../socket/router";
import type { StatusService } from "./status-service";

const clearInput = z.object({}).strict();

export function statusEvents(statuses: StatusService): EventTable {
  return {
    "status:set": event(setStatusInput, (socket, s) => statuses.set(socket.data.userId, s)),
    "status:clear": event(clearInput, (socket) => statuses.clear(socket.data.userId)),
  };
}
