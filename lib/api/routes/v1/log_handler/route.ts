/** Polyaxon's clients ask where to send their logs; Modelreg collects none. */
export function GET() {
  return Response.json({});
}
