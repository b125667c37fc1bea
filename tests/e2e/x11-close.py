#!/usr/bin/env python3
"""Send a real close request (ICCCM WM_DELETE_WINDOW) to an X11 window.

This is what a window manager sends when the user clicks the title-bar close
button. It needs no window manager: GTK handles the ClientMessage itself and
emits "delete-event", so the app's close handler runs. (`xdotool windowclose`
in Debian 12's xdotool 3.20160805 calls XDestroyWindow instead, which is not a
close request.) Uses only the Python standard library and libX11 via ctypes.

Usage: x11-close.py WINDOW_ID   (decimal or 0x hex; DISPLAY from the environment)
"""
import ctypes
import ctypes.util
import sys

if len(sys.argv) != 2:
    sys.exit("usage: x11-close.py WINDOW_ID")
window = int(sys.argv[1], 0)

lib = ctypes.util.find_library("X11") or "libX11.so.6"
x = ctypes.CDLL(lib)

Display_p = ctypes.c_void_p
Window = ctypes.c_ulong
Atom = ctypes.c_ulong


class XClientMessageEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", Display_p),
        ("window", Window),
        ("message_type", Atom),
        ("format", ctypes.c_int),
        ("l", ctypes.c_long * 5),
    ]


class XEvent(ctypes.Union):
    _fields_ = [("xclient", XClientMessageEvent), ("pad", ctypes.c_long * 24)]


x.XOpenDisplay.restype = Display_p
x.XOpenDisplay.argtypes = [ctypes.c_char_p]
x.XInternAtom.restype = Atom
x.XInternAtom.argtypes = [Display_p, ctypes.c_char_p, ctypes.c_int]
x.XSendEvent.argtypes = [Display_p, Window, ctypes.c_int, ctypes.c_long, ctypes.POINTER(XEvent)]
x.XFlush.argtypes = [Display_p]
x.XSync.argtypes = [Display_p, ctypes.c_int]
x.XCloseDisplay.argtypes = [Display_p]

dpy = x.XOpenDisplay(None)
if not dpy:
    sys.exit("x11-close: cannot open display (is DISPLAY set?)")

CLIENT_MESSAGE = 33
ev = XEvent()
ev.xclient.type = CLIENT_MESSAGE
ev.xclient.send_event = 1
ev.xclient.display = dpy
ev.xclient.window = window
ev.xclient.message_type = x.XInternAtom(dpy, b"WM_PROTOCOLS", 0)
ev.xclient.format = 32
ev.xclient.l[0] = x.XInternAtom(dpy, b"WM_DELETE_WINDOW", 0)
ev.xclient.l[1] = 0  # CurrentTime

if not x.XSendEvent(dpy, window, 0, 0, ctypes.byref(ev)):
    sys.exit("x11-close: XSendEvent failed")
x.XSync(dpy, 0)
x.XCloseDisplay(dpy)
