/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "rd-intel-sim.h"

static const struct {
  const char *name;
  double      effect;
} sources[] = {
  { "referral", 1.4 }, { "partner", 0.7 }, { "web", 0.0 }, { "trade_show", -0.3 }, { "cold_call", -1.2 },
};

static const struct {
  const char *name;
  double      effect;
} industries[] = {
  { "software", 0.4 }, { "finance", 0.2 }, { "retail", 0.0 }, { "healthcare", -0.2 }, { "manufacturing", -0.4 },
};

static double
sigmoid (double z)
{
  return 1.0 / (1.0 + exp (-z));
}

static gboolean
insert (RdStore     *store,
        RdRecord    *record,
        GError     **error)
{
  return rd_store_insert (store, record, error);
}

static gboolean
set_status (RdStore     *store,
            const char  *id,
            const char  *status,
            GError     **error)
{
  g_autoptr(RdRecord) change = rd_record_new ("leads");

  rd_record_set_id (change, id);
  rd_record_set_string (change, "status", status);
  return rd_store_update (store, change, error);
}

static gboolean
sim_lead (RdStore  *store,
          RdRng    *rng,
          guint     i,
          gboolean  open,
          gint64    now_ms,
          GError  **error)
{
  guint s = rd_rng_below (rng, G_N_ELEMENTS (sources));
  guint k = rd_rng_below (rng, G_N_ELEMENTS (industries));
  double u = rd_rng_normal (rng);
  double logit = -0.6 + sources[s].effect + industries[k].effect + 1.5 * u;
  gboolean converted = rd_rng_uniform (rng) < sigmoid (logit);
  gint64 created = now_ms - (gint64) (5 + rd_rng_below (rng, 115)) * 86400000;
  guint n_calls = rd_rng_below (rng, 6) + (u > 0 ? 1 : 0);
  gboolean qualified = u + 0.7 * rd_rng_normal (rng) > 0.3;
  guint tasks = rd_rng_below (rng, 3) + (u > 0.5 ? 1 : 0);
  g_autoptr(RdRecord) lead = rd_record_new ("leads");
  g_autofree char *name = g_strdup_printf ("Lead %04u", i);
  g_autofree char *company = g_strdup_printf ("Company %04u", i);
  const char *id;

  rd_record_set_string (lead, "name", name);
  rd_record_set_string (lead, "company", company);
  rd_record_set_string (lead, "source", sources[s].name);
  rd_record_set_string (lead, "industry", industries[k].name);
  rd_record_set_string (lead, "status", "new");
  rd_record_set_int (lead, "created_at", created);
  {
    /* A Moscow number per lead, so a leadset of the same numbers finds its CRM leads. */
    g_autofree char *phone = g_strdup_printf ("+7 495 %03u-%02u-%02u", 100 + i / 10000, (i / 100) % 100, i % 100);

    rd_record_add_phone (lead, phone, "work");
  }
  if (!insert (store, lead, error))
    return FALSE;
  id = rd_record_get_id (lead);

  for (guint c = 0; c < n_calls; c++)
    {
      g_autoptr(RdRecord) call = rd_record_new ("calls");
      gboolean answered = rd_rng_uniform (rng) < sigmoid (0.2 + 0.9 * u);
      gint64 started = created + (gint64) (c + 1) * 3600000;
      const char *disposition;

      rd_record_set_string (call, "parent_tbl", "leads");
      rd_record_set_string (call, "parent_id", id);
      rd_record_set_string (call, "direction", "outbound");
      rd_record_set_int (call, "started_at", started);
      if (answered)
        {
          double talk = rd_rng_lognormal (rng, 90.0 * exp (0.6 * u), 0.6);
          double mood = u + 0.8 * rd_rng_normal (rng);

          rd_record_set_int (call, "answered_at", started + 8000);
          rd_record_set_int (call, "bill_sec", (gint64) talk);
          disposition = mood > 0.6 ? "interested" : mood > -0.4 ? "callback" : "not_interested";
        }
      else
        {
          rd_record_set_int (call, "bill_sec", 0);
          disposition = "no_answer";
        }
      rd_record_set_int (call, "total_sec", 20);
      rd_record_set_string (call, "disposition", disposition);
      if (!insert (store, call, error))
        return FALSE;
    }
  for (guint t = 0; t < tasks; t++)
    {
      g_autoptr(RdRecord) task = rd_record_new ("activities");

      rd_record_set_string (task, "parent_tbl", "leads");
      rd_record_set_string (task, "parent_id", id);
      rd_record_set_string (task, "kind", "task");
      rd_record_set_string (task, "subject", "Send the brochure");
      rd_record_set_int (task, "done", 1);
      if (!insert (store, task, error))
        return FALSE;
    }

  if (n_calls > 0 && !set_status (store, id, "contacted", error))
    return FALSE;
  if (n_calls > 0 && qualified && !set_status (store, id, "qualified", error))
    return FALSE;
  if (!open && !set_status (store, id, converted ? "converted" : "lost", error))
    return FALSE;
  return TRUE;
}

gboolean
rd_intel_sim_leads (RdStore  *store,
                    guint64   seed,
                    guint     n,
                    double    open_share,
                    gint64    now_ms,
                    GError  **error)
{
  RdRng rng;

  g_return_val_if_fail (RD_IS_STORE (store), FALSE);

  rd_rng_init (&rng, seed, 16);
  if (!rd_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!sim_lead (store, &rng, i, rd_rng_uniform (&rng) < open_share, now_ms, error))
      {
        rd_store_rollback (store);
        return FALSE;
      }
  return rd_store_commit (store, error);
}

/* ---- tickets ---------------------------------------------------------------------- */

typedef struct {
  const char *tag;
  const char *group;
  const char *en[10];
  const char *ru[10];
} Topic;

static const Topic topics[] = {
  { "billing", "Billing",
    { "invoice", "invoices", "payment", "payments", "charged", "refund", "refunds", "card", "billing", "paid" },
    { "счёт", "счета", "оплата", "оплаты", "оплатой", "списали", "возврат", "возврата", "картой", "платежа" } },
  { "login", "Support",
    { "password", "passwords", "login", "logging", "account", "locked", "reset", "sign", "signing", "username" },
    { "пароль", "пароля", "паролем", "вход", "входа", "аккаунт", "аккаунта", "заблокирован", "сброс", "логин" } },
  { "delivery", "Logistics",
    { "delivery", "deliveries", "parcel", "parcels", "shipping", "shipped", "courier", "tracking", "late", "package" },
    { "доставка", "доставки", "доставкой", "посылка", "посылку", "курьер", "курьера", "трек", "опоздал", "отправление" } },
  { "bug", "Engineering",
    { "error", "errors", "crash", "crashes", "bug", "freezes", "broken", "screen", "fails", "failing" },
    { "ошибка", "ошибки", "ошибкой", "сбой", "сбоя", "зависает", "вылетает", "экран", "экрана", "сломалось" } },
  { "upgrade", "Sales",
    { "upgrade", "upgrading", "plan", "plans", "pricing", "price", "quote", "licence", "licences", "seats" },
    { "тариф", "тарифа", "тарифом", "цена", "цены", "лицензия", "лицензии", "подписка", "подписку", "стоимость" } },
};

static const char *const filler_en[] = {
  "hello", "please", "help", "today", "thanks", "again", "soon", "urgent", "customer", "since", "yesterday", "week",
};
static const char *const filler_ru[] = {
  "здравствуйте", "пожалуйста", "помогите", "сегодня", "спасибо", "снова", "срочно", "клиент", "вчера", "неделю",
  "давно", "опять",
};

static const char *const group_names[] = { "Billing", "Support", "Logistics", "Engineering", "Sales", NULL };

const char *const *
rd_intel_sim_groups (void)
{
  return group_names;
}

static const char *
topic_word (const Topic *topic,
            gboolean     russian,
            RdRng       *rng)
{
  return russian ? topic->ru[rd_rng_below (rng, 10)] : topic->en[rd_rng_below (rng, 10)];
}

static void
append_words (GString     *out,
              const Topic *topic,
              gboolean     russian,
              guint        n,
              RdRng       *rng)
{
  for (guint w = 0; w < n; w++)
    {
      double pick = rd_rng_uniform (rng);
      const char *word;

      if (pick < 0.55)
        word = topic_word (topic, russian, rng);
      else if (pick < 0.70)
        word = topic_word (&topics[rd_rng_below (rng, G_N_ELEMENTS (topics))], russian, rng);
      else
        word = russian ? filler_ru[rd_rng_below (rng, G_N_ELEMENTS (filler_ru))]
                       : filler_en[rd_rng_below (rng, G_N_ELEMENTS (filler_en))];
      g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "", word);
    }
}

void
rd_intel_sim_ticket (RdRng       *rng,
                     const char  *language,
                     char       **subject,
                     char       **description,
                     const char **tag,
                     const char **group)
{
  const Topic *topic = &topics[rd_rng_below (rng, G_N_ELEMENTS (topics))];
  gboolean russian = g_strcmp0 (language, "ru") == 0;
  GString *s = g_string_new (NULL);
  GString *d = g_string_new (NULL);

  append_words (s, topic, russian, 2 + rd_rng_below (rng, 2), rng);
  append_words (d, topic, russian, 4 + rd_rng_below (rng, 6), rng);
  *subject = g_string_free (s, FALSE);
  *description = g_string_free (d, FALSE);
  *tag = topic->tag;
  *group = topic->group;
}
