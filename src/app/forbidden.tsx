import { StatusPage } from "@/components/ui/status-page";

export default function Forbidden() {
  return (
    <StatusPage code={403} title="Admins only">
      Only workspace owners and admins can open this page.
    </StatusPage>
  );
}
