/* The machine's floor for a keep-alive HTTP/1.1 server on 127.0.0.1: one
 * thread, epoll, edge cases ignored, every request answered with the same
 * small JSON. Usage: floor PORT. Not a server to use: a yardstick. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static const char kReply[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             "Content-Length: 17\r\nConnection: keep-alive\r\n\r\n"
                             "{\"answer\":\"0.5\"}\n";

int main(int argc, char **argv)
{
    const int port = argc > 1 ? atoi(argv[1]) : 8090;
    const int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    const int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short) port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(ls, (struct sockaddr *) &a, sizeof a) != 0 || listen(ls, 1024) != 0) {
        perror("floor");
        return 1;
    }
    const int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = ls};
    epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
    struct epoll_event events[256];
    static char buf[65536];
    for (;;) {
        const int n = epoll_wait(ep, events, 256, -1);
        for (int i = 0; i < n; ++i) {
            const int fd = events[i].data.fd;
            if (fd == ls) {
                int c;
                while ((c = accept4(ls, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    struct epoll_event ce = {.events = EPOLLIN, .data.fd = c};
                    epoll_ctl(ep, EPOLL_CTL_ADD, c, &ce);
                }
                continue;
            }
            const ssize_t r = read(fd, buf, sizeof buf);
            if (r <= 0) {
                close(fd);
                continue;
            }
            /* One reply per request end seen (pipelining tolerated). */
            for (ssize_t k = 3; k < r; ++k)
                if (buf[k] == '\n' && buf[k - 1] == '\r' && buf[k - 2] == '\n')
                    if (write(fd, kReply, sizeof kReply - 1) < 0)
                        break;
        }
    }
}
