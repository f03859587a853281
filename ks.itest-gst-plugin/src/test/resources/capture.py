# A GStreamer application in Python (PyGObject), knowing nothing of ks but the element's name.
import sys

import gi
gi.require_version("Gst", "1.0")
from gi.repository import Gst

Gst.init(None)
src = Gst.ElementFactory.make("kssrc", "camera")
if src is None:
    sys.exit("no kssrc")
src.set_property("num-buffers", 10)
sink = Gst.ElementFactory.make("appsink", "out")
pipeline = Gst.Pipeline.new("p")
pipeline.add(src)
pipeline.add(sink)
src.link(sink)
pipeline.set_state(Gst.State.PLAYING)
samples = 0
caps = None
while True:
    sample = sink.emit("pull-sample")
    if sample is None:
        break
    samples += 1
    caps = sample.get_caps().get_structure(0)
pipeline.set_state(Gst.State.NULL)
print("device", src.get_property("device"))
print("samples", samples)
print("size", caps.get_value("width"), caps.get_value("height"))
