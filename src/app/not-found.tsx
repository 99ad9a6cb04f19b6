import { StatusPage } from "@/components/ui/status-page";

export default function NotFound() {
  return (
    <StatusPage code={404} title="Nothing here">
      This page does not exist, or it belongs to a workspace you are not a member of.
    </StatusPage>
  );
}
