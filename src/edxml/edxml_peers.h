#ifndef VP_EDXML_PEERS_H
#define VP_EDXML_PEERS_H
/* edXML over the transport between installations (issue 18): edxml/ calls peers/.
 *
 *   sending    an outgoing document issued to an outside body whose name is a configured,
 *              enabled peer's: edxml_build (business new, or replace of a document sent there
 *              before) and peers_enqueue in the transaction (kind "edxml.package",
 *              idempotency key DocumentId|organ). Mật only when peers_channel_encrypted;
 *              refused at issue otherwise (Tối mật/Tuyệt mật go on paper, as inside the tree).
 *              A recall travels the same way (business recall).
 *   receiving  the handler of "edxml.package"/"edxml.status" keeps the body as a job (the
 *              handler runs inside the transport's transaction; edxml_receive opens its own),
 *              the job lands it (edxml_receive) and answers 01/02/13/15… with a status package.
 *   statuses   an idle hook compares each queue row that came from a peer with the last status
 *              sent for it (03 registered, 05 assigned, 06 done, 02 refused, 13 recalled) and
 *              sends the change: no edit in incoming/ or tasks/, whatever page changed it.
 *   seen back  a status package lands on the sent row (edxml_receive_status); the sender's
 *              recipient table reads it (outgoing_on_outside). */

#define EDXML_KIND_PACKAGE "edxml.package"
#define EDXML_KIND_STATUS "edxml.status"

/* Registers the outgoing hooks, the peers handlers, the job kind and the idle hook. */
void edxml_peers_init(void);
/* The idle hook: sends the statuses that changed; the number sent (tests call it). */
int edxml_peers_sync(db *d);

#endif
