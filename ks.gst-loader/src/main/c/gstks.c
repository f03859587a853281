/*
 * libgstks.so: the GStreamer plugin file of ks. It holds no element of its own: plugin_init finds
 * the process's JVM (an application that is itself Java) or creates one (-Xrs, so the application
 * keeps SIGINT and the other signals), then calls ks.gst.loader.Loader.pluginInit, which registers
 * kssrc, kssink and ksdeviceprovider into this plugin. The ks container starts later, in Java, the
 * first time an element is used.
 *
 * GStreamer's SIGSEGV trap: gst_plugin_load_file installs a SIGSEGV handler of its own just before
 * plugin_init and puts the previous one back after it. A JVM created inside plugin_init therefore
 * loses the handler HotSpot installed (it relies on SIGSEGV for implicit null checks and
 * safepoints) and hangs or crashes under load. A helper thread loads this same file again: that
 * waits on GStreamer's plugin-loading lock, which the outer load holds until it has restored its
 * handlers, and returns the plugin already loaded; the helper then installs HotSpot's handlers
 * again.
 *
 * Files, next to this one in ks/: the jars of lib/ (the JVM's class path), java-home (the JDK;
 * the environment variable KS_JAVA_HOME overrides it). KS_GST_JVM_OPTIONS adds JVM options (space
 * separated).
 */
#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <jni.h>
#include <signal.h>
#include <stdint.h>

#include <gst/gst.h>

#ifndef KS_VERSION
#define KS_VERSION "0.1.0"
#endif
#define PACKAGE "ks"

GST_DEBUG_CATEGORY_STATIC (ks_loader_debug);
#define GST_CAT_DEFAULT ks_loader_debug

typedef jint (*create_vm_fn) (JavaVM **, void **, void *);
typedef jint (*created_vms_fn) (JavaVM **, jsize, jsize *);

static JavaVM *jvm;
/* HotSpot's handlers as JNI_CreateJavaVM left them */
static struct sigaction jvm_segv;
static struct sigaction jvm_bus;

/* The directory of this file. */
static gchar *
plugin_dir (void)
{
  Dl_info info;
  if (!dladdr ((void *) plugin_dir, &info) || info.dli_fname == NULL)
    return g_strdup (".");
  return g_path_get_dirname (info.dli_fname);
}

/* The JDK: KS_JAVA_HOME, else the first line of ks/java-home. */
static gchar *
java_home (const gchar * home)
{
  const gchar *env = g_getenv ("KS_JAVA_HOME");
  gchar *path, *text = NULL;
  if (env != NULL && *env != '\0')
    return g_strdup (env);
  path = g_build_filename (home, "java-home", NULL);
  if (!g_file_get_contents (path, &text, NULL, NULL)) {
    g_free (path);
    return NULL;
  }
  g_free (path);
  return g_strstrip (text);
}

/* Every jar of ks/lib, joined by ':'. */
static gchar *
class_path (const gchar * home)
{
  gchar *lib = g_build_filename (home, "lib", NULL);
  GDir *dir = g_dir_open (lib, 0, NULL);
  GString *cp = g_string_new (NULL);
  const gchar *name;
  if (dir != NULL) {
    while ((name = g_dir_read_name (dir)) != NULL) {
      if (g_str_has_suffix (name, ".jar")) {
        if (cp->len > 0)
          g_string_append_c (cp, ':');
        g_string_append_printf (cp, "%s/%s", lib, name);
      }
    }
    g_dir_close (dir);
  }
  g_free (lib);
  return g_string_free (cp, FALSE);
}

static JavaVM *
existing_vm (void)
{
  created_vms_fn created = (created_vms_fn) dlsym (RTLD_DEFAULT, "JNI_GetCreatedJavaVMs");
  JavaVM *vm = NULL;
  jsize n = 0;
  if (created != NULL && created (&vm, 1, &n) == JNI_OK && n > 0)
    return vm;
  return NULL;
}

static JavaVM *
create_vm (const gchar * home)
{
  gchar *jdk = java_home (home);
  gchar *libjvm, *cp, *cp_option, *home_option, **extra = NULL;
  void *handle;
  create_vm_fn create;
  JavaVMOption options[64];
  JavaVMInitArgs args;
  JavaVM *vm = NULL;
  JNIEnv *env = NULL;
  int n = 0, i;
  jint rc;

  if (jdk == NULL) {
    g_printerr ("ks: no JDK for the ks GStreamer plugin: set KS_JAVA_HOME or write its path into %s/java-home\n", home);
    return NULL;
  }
  libjvm = g_build_filename (jdk, "lib", "server", "libjvm.so", NULL);
  handle = dlopen (libjvm, RTLD_NOW | RTLD_GLOBAL);
  if (handle == NULL) {
    g_printerr ("ks: cannot load the JVM %s: %s\n", libjvm, dlerror ());
    g_free (libjvm);
    g_free (jdk);
    return NULL;
  }
  create = (create_vm_fn) dlsym (handle, "JNI_CreateJavaVM");
  cp = class_path (home);
  cp_option = g_strconcat ("-Djava.class.path=", cp, NULL);
  home_option = g_strconcat ("-Dks.gst.home=", home, NULL);
  options[n++].optionString = (char *) "-Xrs";
  options[n++].optionString = cp_option;
  options[n++].optionString = home_option;
  if (g_getenv ("KS_GST_JVM_OPTIONS") != NULL) {
    extra = g_strsplit (g_getenv ("KS_GST_JVM_OPTIONS"), " ", 0);
    for (i = 0; extra[i] != NULL && n < 64; i++)
      if (*extra[i] != '\0')
        options[n++].optionString = extra[i];
  }
  for (i = 0; i < n; i++)
    options[i].extraInfo = NULL;
  args.version = JNI_VERSION_1_8;
  args.nOptions = n;
  args.options = options;
  args.ignoreUnrecognized = JNI_FALSE;
  rc = create != NULL ? create (&vm, (void **) &env, &args) : JNI_ERR;
  if (rc != JNI_OK) {
    g_printerr ("ks: the JVM %s did not start (JNI error %d)\n", libjvm, (int) rc);
    vm = NULL;
  } else {
    sigaction (SIGSEGV, NULL, &jvm_segv);
    sigaction (SIGBUS, NULL, &jvm_bus);
  }
  g_strfreev (extra);
  g_free (home_option);
  g_free (cp_option);
  g_free (cp);
  g_free (libjvm);
  g_free (jdk);
  return vm;
}

/* Waits for the outer plugin load to finish (see the top of this file), then puts HotSpot's handlers back. */
static gpointer
restore_jvm_handlers (gpointer filename)
{
  GstPlugin *again = gst_plugin_load_file ((const gchar *) filename, NULL);
  if (again != NULL)
    gst_object_unref (again);
  sigaction (SIGSEGV, &jvm_segv, NULL);
  sigaction (SIGBUS, &jvm_bus, NULL);
  GST_DEBUG ("HotSpot's SIGSEGV and SIGBUS handlers restored after loading %s", (const gchar *) filename);
  g_free (filename);
  return NULL;
}

static gboolean
plugin_init (GstPlugin * plugin)
{
  gboolean scanner = g_strcmp0 (g_get_prgname (), "gst-plugin-scanner") == 0;
  gchar *dir = plugin_dir ();
  gchar *home = g_build_filename (dir, "ks", NULL);
  gboolean created = FALSE, ok = FALSE;
  JNIEnv *env = NULL;
  jclass loader;
  jmethodID init;

  GST_DEBUG_CATEGORY_INIT (ks_loader_debug, "ksloader", 0, "ks GStreamer plugin loader");
  if (jvm == NULL)
    jvm = existing_vm ();
  if (jvm == NULL) {
    jvm = create_vm (home);
    created = jvm != NULL;
  }
  if (jvm == NULL)
    goto done;
  if ((*jvm)->AttachCurrentThreadAsDaemon (jvm, (void **) &env, NULL) != JNI_OK) {
    g_printerr ("ks: cannot attach to the JVM\n");
    goto done;
  }
  loader = (*env)->FindClass (env, "ks/gst/loader/Loader");
  init = loader != NULL ? (*env)->GetStaticMethodID (env, loader, "pluginInit", "(JZLjava/lang/String;)Z") : NULL;
  if (init == NULL) {
    (*env)->ExceptionClear (env);
    g_printerr ("ks: ks.gst.loader.Loader is not on the JVM's class path (is %s/lib complete? an application's own JVM "
        "needs ks/lib on its class path)\n", home);
    goto done;
  }
  ok = (*env)->CallStaticBooleanMethod (env, loader, init, (jlong) (intptr_t) plugin, (jboolean) scanner,
      (*env)->NewStringUTF (env, home));
  if ((*env)->ExceptionCheck (env)) {
    (*env)->ExceptionDescribe (env);
    (*env)->ExceptionClear (env);
    ok = FALSE;
  }
done:
  if (created && gst_plugin_get_filename (plugin) != NULL)
    g_thread_unref (g_thread_new ("ks-restore-segv", restore_jvm_handlers, g_strdup (gst_plugin_get_filename (plugin))));
  g_free (home);
  g_free (dir);
  return ok;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, ks,
    "Kernel Streaming capture and render pins of ks as GStreamer elements", plugin_init, KS_VERSION, "unknown", "ks", "ks")
