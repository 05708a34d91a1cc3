/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>

#include "rd-audio-sink.h"
#include "rd-recording-player.h"
#include "rd-recording-upload.h"

/* The pipeline is made on the first play and dropped when the widget goes away; the seek
 * bar follows the position every 100 ms while playing. */

struct _RdRecordingPlayer
{
  GtkWidget   parent_instance;

  char       *path;
  char       *replica_path;   /* fetch from its server when the file is missing */
  char       *call_id;
  GCancellable *fetching;
  GstElement *playbin;
  guint       bus_watch;
  guint       tick;
  gboolean    playing;
  gboolean    updating;   /* the scale moves because of playback, not the user */
  gint64      position_ms;
  gint64      duration_ms;

  GtkWidget  *button;
  GtkWidget  *scale;
  GtkWidget  *label;
};

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdRecordingPlayer, rd_recording_player, GTK_TYPE_WIDGET)

static char *
format_ms (gint64 ms)
{
  gint64 s = ms / 1000;

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", s / 60, (int) (s % 60));
}

static void
show_position (RdRecordingPlayer *self)
{
  g_autofree char *position = format_ms (self->position_ms);
  g_autofree char *duration = format_ms (self->duration_ms);
  g_autofree char *text = g_strdup_printf ("%s / %s", position, duration);

  gtk_label_set_label (GTK_LABEL (self->label), text);
  self->updating = TRUE;
  gtk_range_set_range (GTK_RANGE (self->scale), 0, MAX (self->duration_ms, 1) / 1000.0);
  gtk_range_set_value (GTK_RANGE (self->scale), self->position_ms / 1000.0);
  self->updating = FALSE;
  gtk_button_set_icon_name (GTK_BUTTON (self->button),
                            self->playing ? "media-playback-pause-symbolic"
                                          : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (self->button, self->playing ? _("Pause") : _("Play"));
}

static void
query_times (RdRecordingPlayer *self)
{
  gint64 value;

  if (self->playbin == NULL)
    return;
  if (gst_element_query_duration (self->playbin, GST_FORMAT_TIME, &value) && value > 0)
    self->duration_ms = value / GST_MSECOND;
  if (gst_element_query_position (self->playbin, GST_FORMAT_TIME, &value) && value >= 0)
    self->position_ms = value / GST_MSECOND;
}

static gboolean
tick_cb (gpointer user_data)
{
  RdRecordingPlayer *self = user_data;

  query_times (self);
  show_position (self);
  return G_SOURCE_CONTINUE;
}

static void
set_playing (RdRecordingPlayer *self,
             gboolean           playing)
{
  self->playing = playing;
  if (playing && self->tick == 0)
    self->tick = g_timeout_add (100, tick_cb, self);
  else if (!playing)
    g_clear_handle_id (&self->tick, g_source_remove);
  show_position (self);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  RdRecordingPlayer *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      query_times (self);
      self->position_ms = self->duration_ms;
      gst_element_set_state (self->playbin, GST_STATE_PAUSED);
      set_playing (self, FALSE);
      g_signal_emit (self, signals[FINISHED], 0);
      break;
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;

        gst_message_parse_error (message, &error, NULL);
        g_message ("recording player: %s: %s", self->path, error->message);
        gst_element_set_state (self->playbin, GST_STATE_NULL);
        set_playing (self, FALSE);
      }
      break;
    case GST_MESSAGE_ASYNC_DONE:
    case GST_MESSAGE_DURATION_CHANGED:
      query_times (self);
      show_position (self);
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
ensure_pipeline (RdRecordingPlayer *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autofree char *uri = NULL;
  const char *sink = rd_audio_sink_get_default ();

  if (self->playbin != NULL)
    return TRUE;
  if (!gst_init_check (NULL, NULL, &error))
    {
      g_message ("recording player: no GStreamer: %s", error->message);
      return FALSE;
    }
  uri = gst_filename_to_uri (self->path, &error);
  if (uri == NULL)
    {
      g_message ("recording player: %s: %s", self->path, error->message);
      return FALSE;
    }
  self->playbin = gst_element_factory_make ("playbin", NULL);
  if (self->playbin == NULL)
    {
      g_message ("recording player: GStreamer has no playbin");
      return FALSE;
    }
  gst_object_ref_sink (self->playbin);
  g_object_set (self->playbin, "uri", uri, NULL);
  if (sink != NULL && *sink != '\0')
    {
      GstElement *audio_sink = gst_parse_bin_from_description (sink, TRUE, &error);

      if (audio_sink == NULL)
        g_message ("recording player: sink “%s”: %s", sink, error->message);
      else
        g_object_set (self->playbin, "audio-sink", audio_sink, NULL);
    }
  bus = gst_element_get_bus (self->playbin);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  return TRUE;
}

typedef struct {
  char *replica_path;
  char *call_id;
  char *path;
} FetchData;

static void
fetch_data_free (gpointer data)
{
  FetchData *fetch = data;

  g_free (fetch->replica_path);
  g_free (fetch->call_id);
  g_free (fetch->path);
  g_free (fetch);
}

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FetchData *fetch = task_data;
  g_autoptr(RdStore) store = NULL;
  GError *error = NULL;

  store = rd_store_open (fetch->replica_path, &error);
  if (store == NULL ||
      !rd_recording_download (store, fetch->call_id, fetch->path, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
fetch_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  RdRecordingPlayer *self = RD_RECORDING_PLAYER (object);
  g_autoptr(GError) error = NULL;
  gboolean fetched = g_task_propagate_boolean (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the widget went away */
  g_clear_object (&self->fetching);
  gtk_widget_set_sensitive (self->button, TRUE);
  if (!fetched)
    {
      gtk_widget_set_tooltip_text (self->button, error->message);
      g_message ("recording player: %s", error->message);
      return;
    }
  rd_recording_player_play (self);
}

/** A narrow seek bar (for a table cell) or the normal one. */
void
rd_recording_player_set_compact (RdRecordingPlayer *self,
                                 gboolean           compact)
{
  g_return_if_fail (RD_IS_RECORDING_PLAYER (self));
  gtk_widget_set_size_request (self->scale, compact ? 48 : 120, -1);
}

void
rd_recording_player_play (RdRecordingPlayer *self)
{
  g_return_if_fail (RD_IS_RECORDING_PLAYER (self));

  if (self->fetching != NULL)
    return;
  if (self->replica_path != NULL && !g_file_test (self->path, G_FILE_TEST_IS_REGULAR))
    {
      g_autoptr(GTask) task = NULL;
      FetchData *fetch = g_new0 (FetchData, 1);

      fetch->replica_path = g_strdup (self->replica_path);
      fetch->call_id = g_strdup (self->call_id);
      fetch->path = g_strdup (self->path);
      self->fetching = g_cancellable_new ();
      task = g_task_new (self, self->fetching, fetch_done_cb, NULL);
      g_task_set_task_data (task, fetch, fetch_data_free);
      gtk_widget_set_sensitive (self->button, FALSE);
      g_task_run_in_thread (task, fetch_thread);
      return;
    }
  if (!ensure_pipeline (self))
    return;
  /* Played to the end: start over. */
  if (self->duration_ms > 0 && self->position_ms >= self->duration_ms)
    {
      gst_element_seek_simple (self->playbin, GST_FORMAT_TIME,
                               GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_KEY_UNIT, 0);
      self->position_ms = 0;
    }
  if (gst_element_set_state (self->playbin, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_message ("recording player: cannot play %s", self->path);
      return;
    }
  set_playing (self, TRUE);
}

void
rd_recording_player_pause (RdRecordingPlayer *self)
{
  g_return_if_fail (RD_IS_RECORDING_PLAYER (self));

  if (self->playbin != NULL)
    gst_element_set_state (self->playbin, GST_STATE_PAUSED);
  query_times (self);
  set_playing (self, FALSE);
}

void
rd_recording_player_seek_ms (RdRecordingPlayer *self,
                             gint64             position_ms)
{
  g_return_if_fail (RD_IS_RECORDING_PLAYER (self));

  if (!ensure_pipeline (self))
    return;
  if (!self->playing)
    gst_element_set_state (self->playbin, GST_STATE_PAUSED);
  gst_element_get_state (self->playbin, NULL, NULL, GST_SECOND);
  gst_element_seek_simple (self->playbin, GST_FORMAT_TIME,
                           GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                           MAX (position_ms, 0) * GST_MSECOND);
  self->position_ms = MAX (position_ms, 0);
  show_position (self);
}

static void
button_clicked_cb (RdRecordingPlayer *self)
{
  if (self->playing)
    rd_recording_player_pause (self);
  else
    rd_recording_player_play (self);
}

static gboolean
scale_change_value_cb (GtkRange          *range,
                       GtkScrollType      scroll,
                       double             value,
                       RdRecordingPlayer *self)
{
  if (!self->updating)
    rd_recording_player_seek_ms (self, (gint64) (value * 1000));
  return FALSE;
}

static void
rd_recording_player_dispose (GObject *object)
{
  RdRecordingPlayer *self = RD_RECORDING_PLAYER (object);
  GtkWidget *child;

  if (self->fetching != NULL)
    g_cancellable_cancel (self->fetching);
  g_clear_object (&self->fetching);
  g_clear_handle_id (&self->tick, g_source_remove);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->playbin != NULL)
    gst_element_set_state (self->playbin, GST_STATE_NULL);
  gst_clear_object (&self->playbin);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (rd_recording_player_parent_class)->dispose (object);
}

static void
rd_recording_player_finalize (GObject *object)
{
  g_free (RD_RECORDING_PLAYER (object)->path);
  g_free (RD_RECORDING_PLAYER (object)->replica_path);
  g_free (RD_RECORDING_PLAYER (object)->call_id);
  G_OBJECT_CLASS (rd_recording_player_parent_class)->finalize (object);
}

static void
rd_recording_player_class_init (RdRecordingPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_recording_player_dispose;
  object_class->finalize = rd_recording_player_finalize;

  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "recording-player");
}

static void
rd_recording_player_init (RdRecordingPlayer *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);

  self->button = gtk_button_new_from_icon_name ("media-playback-start-symbolic");
  gtk_widget_set_valign (self->button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->button, "flat");
  g_signal_connect_swapped (self->button, "clicked", G_CALLBACK (button_clicked_cb), self);
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));

  self->scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 1, 0.1);
  gtk_scale_set_draw_value (GTK_SCALE (self->scale), FALSE);
  gtk_widget_set_hexpand (self->scale, TRUE);
  gtk_widget_set_size_request (self->scale, 120, -1);
  gtk_widget_set_valign (self->scale, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (self->scale, _("Seek"));
  g_signal_connect (self->scale, "change-value", G_CALLBACK (scale_change_value_cb), self);
  gtk_widget_set_parent (self->scale, GTK_WIDGET (self));

  self->label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->label, "numeric");
  gtk_widget_add_css_class (self->label, "dim-label");
  gtk_widget_set_valign (self->label, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (self->label, GTK_WIDGET (self));

  show_position (self);
}

GtkWidget *
rd_recording_player_new (const char *path)
{
  RdRecordingPlayer *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (RD_TYPE_RECORDING_PLAYER, NULL);
  self->path = g_strdup (path);
  return GTK_WIDGET (self);
}

const char *
rd_recording_player_get_path (RdRecordingPlayer *self)
{
  g_return_val_if_fail (RD_IS_RECORDING_PLAYER (self), NULL);
  return self->path;
}

gboolean
rd_recording_player_get_playing (RdRecordingPlayer *self)
{
  g_return_val_if_fail (RD_IS_RECORDING_PLAYER (self), FALSE);
  return self->playing;
}

gint64
rd_recording_player_get_position_ms (RdRecordingPlayer *self)
{
  g_return_val_if_fail (RD_IS_RECORDING_PLAYER (self), 0);
  return self->position_ms;
}

gint64
rd_recording_player_get_duration_ms (RdRecordingPlayer *self)
{
  g_return_val_if_fail (RD_IS_RECORDING_PLAYER (self), 0);
  return self->duration_ms;
}

void
rd_recording_player_set_fetch (RdRecordingPlayer *self,
                               const char        *replica_path,
                               const char        *call_id)
{
  g_return_if_fail (RD_IS_RECORDING_PLAYER (self));

  g_free (self->replica_path);
  self->replica_path = g_strdup (replica_path);
  g_free (self->call_id);
  self->call_id = g_strdup (call_id);
}
