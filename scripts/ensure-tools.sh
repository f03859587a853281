#!/usr/bin/env bash
# Sourced by ./ks and ./run-tests: makes sure Java 17, Maven and GStreamer (the runtime library, the
# base and good plugins, the tools, and the headers and compiler the plugin file is built with) are
# there, installing them with apt-get when missing and running as root.

ensure_tools() {
  local missing=()
  command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  # the GStreamer bridge: libgstreamer and libgstapp (plugins-base) through JNA; videoconvert, pngenc,
  # jpegenc, rawvideoparse, rtp payloaders (base/good); gst-inspect-1.0 / gst-launch-1.0 (tools)
  command -v gst-launch-1.0 >/dev/null 2>&1 || missing+=(gstreamer1.0-tools)
  ls /usr/lib/*/gstreamer-1.0/libgstvideoconvert*.so >/dev/null 2>&1 \
    || missing+=(gstreamer1.0-plugins-base)
  ls /usr/lib/*/gstreamer-1.0/libgstpng.so >/dev/null 2>&1 || missing+=(gstreamer1.0-plugins-good)
  # x264enc: ./ks capture writes H.264 into .mp4 files
  ls /usr/lib/*/gstreamer-1.0/libgstx264.so >/dev/null 2>&1 || missing+=(gstreamer1.0-plugins-ugly)
  # the GStreamer plugin file libgstks.so is compiled against GStreamer's headers
  command -v gcc >/dev/null 2>&1 || missing+=(gcc)
  command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
  [ -f /usr/include/gstreamer-1.0/gst/gst.h ] || missing+=(libgstreamer1.0-dev)
  if [ "${1:-}" = tests ]; then
    # the tests check captured files with GStreamer's own discoverer and decode the H.264 of .mp4 files
    command -v gst-discoverer-1.0 >/dev/null 2>&1 || missing+=(gstreamer1.0-plugins-base-apps)
    ls /usr/lib/*/gstreamer-1.0/libgstlibav.so >/dev/null 2>&1 || missing+=(gstreamer1.0-libav)
    # a PyGObject program uses kssrc; the element class layout is checked against GStreamer's typelibs
    /usr/bin/python3 -c 'import gi' >/dev/null 2>&1 || missing+=(python3-gi)
    ls /usr/lib/*/girepository-1.0/GstBase-1.0.typelib >/dev/null 2>&1 || missing+=(gir1.2-gstreamer-1.0)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "ks: installing ${missing[*]} ..." >&2
      apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
    else
      echo "ks: missing ${missing[*]}; install with: sudo apt-get install ${missing[*]}" >&2
      exit 3
    fi
  fi
  # the bnd launcher (container, in-framework tests) needs Java 17: it fails on Java 24 and later
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  if [ "${major:-0}" != 17 ]; then
    local j17
    j17=$(ls -d /usr/lib/jvm/java-17-* 2>/dev/null | head -n 1 || true)
    if [ -n "$j17" ]; then
      export JAVA_HOME="$j17" PATH="$j17/bin:$PATH"
    else
      echo "ks: Java 17 is required (found ${major:-none}); install openjdk-17-jdk-headless" >&2
      exit 3
    fi
  fi
}
