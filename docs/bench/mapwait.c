// mapwait COMMAND [ARGS...]
//
// Times a program's start to its first window: runs COMMAND and prints two numbers of milliseconds, from the fork to
// the first top-level window of at least 400x300 being mapped, and to that window first showing drawn content (a
// strip across its top with more than three colours: the menu bar's text). Then it stops COMMAND's process group.
//
// It waits on X events (MapNotify on the root window, XDamage on the new window) instead of polling, so it takes no
// processor time from the program it times; a loop of `xdotool search` every 20 ms took up to a second of the two
// cores over a start. It clears the root window first, so that what an earlier window left on the screen cannot pass
// for drawn content.
//
// Build: gcc -O2 -o mapwait mapwait.c -lX11 -lXdamage   (Debian: libx11-dev, libxdamage-dev)
// Used by docs/bench/cold-start.sh; see docs/benchmarks.md, "Cold start to a usable window".
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

// Whether the top 80 rows of the window hold more than three colours.
static int drawn(Display *d, Window w, int width) {
    XImage *im = XGetImage(d, w, 0, 0, width, 80, AllPlanes, ZPixmap);
    if (!im) {
        return 0;
    }
    unsigned long seen[5];
    int n = 0;
    for (int y = 0; y < 80 && n < 5; y += 2) {
        for (int x = 0; x < width && n < 5; x += 3) {
            unsigned long p = XGetPixel(im, x, y);
            int k = 0;
            while (k < n && seen[k] != p) {
                k++;
            }
            if (k == n) {
                seen[n++] = p;
            }
        }
    }
    XDestroyImage(im);
    return n > 3;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: mapwait COMMAND [ARGS...]\n");
        return 2;
    }
    Display *d = XOpenDisplay(NULL);
    if (!d) {
        fprintf(stderr, "mapwait: cannot open the display (is DISPLAY set?)\n");
        return 2;
    }
    int damage_event, damage_error;
    if (!XDamageQueryExtension(d, &damage_event, &damage_error)) {
        fprintf(stderr, "mapwait: the X server has no DAMAGE extension\n");
        return 2;
    }
    Window root = DefaultRootWindow(d);
    XSetWindowBackground(d, root, BlackPixel(d, DefaultScreen(d)));
    XClearWindow(d, root);
    XSelectInput(d, root, SubstructureNotifyMask);
    XSync(d, False);

    double start = now_ms(), mapped = -1, painted = -1;
    Window win = 0;
    int width = 0;
    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    while (painted < 0) {
        while (XPending(d)) {
            XEvent e;
            XNextEvent(d, &e);
            if (e.type == MapNotify && !win) {
                XWindowAttributes wa;
                XGetWindowAttributes(d, e.xmap.window, &wa);
                if (wa.width >= 400 && wa.height >= 300) {
                    win = e.xmap.window;
                    width = wa.width;
                    mapped = now_ms() - start;
                    XDamageCreate(d, win, XDamageReportNonEmpty);
                }
            } else if (e.type == damage_event + XDamageNotify) {
                XDamageSubtract(d, ((XDamageNotifyEvent *) &e)->damage, None, None);
            }
        }
        if (win && drawn(d, win, width)) {
            painted = now_ms() - start;
            break;
        }
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            printf("X X\n");  // it ended before it showed a window
            return 1;
        }
        struct pollfd p = {ConnectionNumber(d), POLLIN, 0};
        poll(&p, 1, 50);
    }
    printf("%.0f %.0f\n", mapped, painted);
    fflush(stdout);
    sleep(1);
    kill(-pid, SIGTERM);
    waitpid(pid, NULL, 0);
    return 0;
}
