/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-api.h"

G_BEGIN_DECLS

/* Each resource's handlers live in their own rd-api-*.c; rd-server.c routes. */
typedef void (*RdApiHandler) (RdApiRequest *req);

/* rd-api-session.c */
void rd_api_session_create  (RdApiRequest *req);
void rd_api_session_show    (RdApiRequest *req);
void rd_api_session_delete  (RdApiRequest *req);

/* rd-api-signup.c */
void rd_api_signup_create   (RdApiRequest *req);
void rd_api_signup_list     (RdApiRequest *req);
void rd_api_signup_approve  (RdApiRequest *req);
void rd_api_signup_reject   (RdApiRequest *req);

/* rd-api-users.c */
void rd_api_users_list      (RdApiRequest *req);
void rd_api_users_create    (RdApiRequest *req);
void rd_api_users_show      (RdApiRequest *req);
void rd_api_users_update    (RdApiRequest *req);
void rd_api_users_delete    (RdApiRequest *req);

/* rd-api-audit.c */
void rd_api_audit_list      (RdApiRequest *req);

/* rd-api-sync.c */
void rd_api_sync_push       (RdApiRequest *req);
void rd_api_sync_pull       (RdApiRequest *req);
void rd_api_sync_snapshot   (RdApiRequest *req);
void rd_api_sync_checksum   (RdApiRequest *req);

/* rd-api-models.c */
void rd_api_models_list     (RdApiRequest *req);
void rd_api_models_train    (RdApiRequest *req);

/* rd-api-recordings.c */
void rd_api_recordings_put  (RdApiRequest *req);
void rd_api_recordings_get  (RdApiRequest *req);
void rd_api_documents_put   (RdApiRequest *req);
void rd_api_photos_put      (RdApiRequest *req);
void rd_api_photos_get      (RdApiRequest *req);
void rd_api_photos_delete   (RdApiRequest *req);
void rd_api_documents_get   (RdApiRequest *req);

/* rd-api-supervisor.c */
void rd_api_supervisor_monitor (RdApiRequest *req);
void rd_api_supervisor_show    (RdApiRequest *req);
void rd_api_supervisor_stop    (RdApiRequest *req);
void rd_api_supervisor_pause   (RdApiRequest *req);
void rd_api_supervisor_logout  (RdApiRequest *req);

/* rd-api-campaigns.c */
void rd_api_campaigns_list               (RdApiRequest *req);
void rd_api_campaigns_create             (RdApiRequest *req);
void rd_api_campaigns_schema             (RdApiRequest *req);
void rd_api_campaigns_show               (RdApiRequest *req);
void rd_api_campaigns_update             (RdApiRequest *req);
void rd_api_campaigns_start              (RdApiRequest *req);
void rd_api_campaigns_pause              (RdApiRequest *req);
void rd_api_campaigns_stop               (RdApiRequest *req);
void rd_api_campaigns_agents             (RdApiRequest *req);
void rd_api_campaigns_disposition_put    (RdApiRequest *req);
void rd_api_campaigns_disposition_delete (RdApiRequest *req);
void rd_api_campaigns_leadset_attach     (RdApiRequest *req);
void rd_api_campaigns_leadset_detach     (RdApiRequest *req);
void rd_api_pause_codes_list             (RdApiRequest *req);
void rd_api_pause_codes_put              (RdApiRequest *req);
/* The campaign @id if the caller may see it (404 otherwise): admins all, managers their
 * team's and those without a team, agents those they are assigned to or their team's. */
JsonNode *rd_api_campaigns_visible       (RdApiRequest *req,
                                          const char   *id,
                                          GError      **error);

/* The ids of the campaigns the caller may see (as rd_api_campaigns_visible decides). */
char    **rd_api_campaigns_visible_ids   (RdApiRequest *req,
                                          GError      **error);

/* rd-api-boards.c */
void rd_api_boards_show                  (RdApiRequest *req);
/* The board keys of @list ("campaigns/ID,queues/ID,..."), each one the caller (a manager
 * or admin) may watch; 403 for other roles, 404 naming the first the caller may not see,
 * 400 for a malformed key. */
GStrv rd_api_boards_keys                 (RdApiRequest *req,
                                          const char   *list,
                                          GError      **error);

/* rd-api-queues.c */
/* The queue @id if the caller may see it (404 otherwise): admins all, managers their
 * team's and those without a team. */
JsonNode *rd_api_queues_visible          (RdApiRequest *req,
                                          const char   *id,
                                          GError      **error);
/* The ids of the queues the caller may see (as rd_api_queues_visible decides). */
char    **rd_api_queues_visible_ids      (RdApiRequest *req,
                                          GError      **error);
void rd_api_queues_list                  (RdApiRequest *req);
void rd_api_queues_create                (RdApiRequest *req);
void rd_api_queues_show                  (RdApiRequest *req);
void rd_api_queues_update                (RdApiRequest *req);
void rd_api_queues_delete                (RdApiRequest *req);
void rd_api_queues_waiting               (RdApiRequest *req);
void rd_api_queues_stats                 (RdApiRequest *req);
void rd_api_queues_callbacks             (RdApiRequest *req);
void rd_api_queues_callback_done         (RdApiRequest *req);
void rd_api_queues_call_recording        (RdApiRequest *req);
void rd_api_agent_queues                 (RdApiRequest *req);
void rd_api_agent_queues_put             (RdApiRequest *req);
void rd_api_agent_answer                 (RdApiRequest *req);
void rd_api_agent_callbacks              (RdApiRequest *req);
void rd_api_agent_callback_call          (RdApiRequest *req);
/* Checks that the caller (an agent) may take the calls of each of @queues (a member by
 * name or by team): 404 for a queue they cannot see, 403 for one they are not a member of. */
gboolean  rd_api_queues_check_member     (RdApiRequest       *req,
                                          const char * const *queues,
                                          GError            **error);

/* rd-api-reports.c */
void rd_api_reports_list (RdApiRequest *req);
void rd_api_reports_run  (RdApiRequest *req);

/* rd-api-campaign-calls.c */
void rd_api_campaign_calls_recording (RdApiRequest *req);

/* rd-api-leadsets.c */
void rd_api_leadsets_list    (RdApiRequest *req);
void rd_api_leadsets_upload  (RdApiRequest *req);
void rd_api_leadsets_show    (RdApiRequest *req);
void rd_api_leadsets_leads   (RdApiRequest *req);
void rd_api_leadsets_reset   (RdApiRequest *req);
/* Import options from the query (country, mapping, header, start_row, delimiter,
 * encoding, dry_run) and the CSV body (text/csv or text/plain); 400/415 otherwise. */
gboolean rd_api_csv_upload_options (RdApiRequest          *req,
                                    RdCenterImportOptions *options,
                                    const char           **text,
                                    gsize                 *len,
                                    GError               **error);

/* rd-api-dnc.c */
void rd_api_dnc_list         (RdApiRequest *req);
void rd_api_dnc_add          (RdApiRequest *req);
void rd_api_dnc_upload       (RdApiRequest *req);
void rd_api_dnc_remove       (RdApiRequest *req);

/* rd-api-agent.c */
void rd_api_agent_show        (RdApiRequest *req);
void rd_api_agent_login       (RdApiRequest *req);
void rd_api_agent_leg         (RdApiRequest *req);
void rd_api_agent_ready       (RdApiRequest *req);
void rd_api_agent_pause       (RdApiRequest *req);
void rd_api_agent_logout      (RdApiRequest *req);
void rd_api_agent_disposition (RdApiRequest *req);
void rd_api_agent_hangup     (RdApiRequest *req);
void rd_api_agent_preview_dial (RdApiRequest *req);
void rd_api_agent_dial         (RdApiRequest *req);
void rd_api_agent_transfer     (RdApiRequest *req);
void rd_api_agent_transfer_complete (RdApiRequest *req);
void rd_api_agent_transfer_cancel (RdApiRequest *req);
void rd_api_agent_colleagues   (RdApiRequest *req);
void rd_api_agent_preview_skip (RdApiRequest *req);
void rd_api_agents_list       (RdApiRequest *req);

/* rd-api-messages.c */
void rd_api_messages_send_sms  (RdApiRequest *req);
void rd_api_messages_show      (RdApiRequest *req);
void rd_api_sms_kannel_dlr     (RdApiRequest *req);
void rd_api_sms_kannel_inbound (RdApiRequest *req);
JsonNode *rd_api_message_to_json (RdRecord *message);

/* rd-api-email.c */
void rd_api_messages_send_email (RdApiRequest *req);
void rd_api_messages_attachment (RdApiRequest *req);

/* rd-api-portal.c: the staff side of the customers' portal */
void rd_api_portal_customers_list     (RdApiRequest *req);
void rd_api_portal_customers_approve  (RdApiRequest *req);
void rd_api_portal_customers_reject   (RdApiRequest *req);
void rd_api_portal_enquiries_list     (RdApiRequest *req);
void rd_api_portal_enquiries_show     (RdApiRequest *req);
void rd_api_portal_enquiries_accept   (RdApiRequest *req);
void rd_api_portal_enquiries_resolve  (RdApiRequest *req);
void rd_api_portal_enquiries_reject   (RdApiRequest *req);
void rd_api_portal_enquiries_unaccept (RdApiRequest *req);
void rd_api_portal_tickets_accept     (RdApiRequest *req);
void rd_api_portal_tickets_messages   (RdApiRequest *req);
void rd_api_portal_tickets_reply      (RdApiRequest *req);
void rd_api_portal_tickets_attachment (RdApiRequest *req);

/* rd-api-cti.c */
void rd_api_cti_pbxes_create       (RdApiRequest *req);
void rd_api_cti_pbxes_list         (RdApiRequest *req);
void rd_api_cti_extensions_list    (RdApiRequest *req);
void rd_api_cti_extensions_put     (RdApiRequest *req);
void rd_api_cti_extensions_delete  (RdApiRequest *req);
void rd_api_cti_events             (RdApiRequest *req);
void rd_api_cti_originate          (RdApiRequest *req);
void rd_api_cti_me                 (RdApiRequest *req);

/* rd-api-events.c: its own SoupServer handlers (WebSocket + long poll) */
void rd_api_events_install  (RdServer     *server);

G_END_DECLS
