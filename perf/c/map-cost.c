/*
 * map-cost: CPU per file of putting a 64-byte header into small files already in the page cache, two threads (the
 * cores), no sync: the system calls alone, without a JVM. See perf/README.md ("the mapping's cost in C").
 *
 *   cc -O2 -pthread -o map-cost perf/c/map-cost.c
 *   ./map-cost DIR N create            # N files of 1,200 bytes in DIR (once)
 *   ./map-cost DIR N pwrite            # open, pwrite, close
 *   ./map-cost DIR N mmap              # open, mmap one page, write, munmap, close
 *   ./map-cost DIR N slots [PAGES]     # open, mmap MAP_FIXED into the next page of a PROT_NONE region, write, close;
 *                                      # one munmap per PAGES files (default 512)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { THREADS = 2, HEADER = 64, SIZE = 1200 };
static const char *dir;
static int files, slots = 512;
static enum { PWRITE, MMAP, SLOTS } way;
static char header[HEADER];

static void fail(const char *what) {
    perror(what);
    exit(1);
}

static void *writer(void *arg) {
    long page = sysconf(_SC_PAGESIZE);
    char *region = NULL;
    int used = 0;
    char path[4096];
    for (int i = (int) (long) arg; i < files; i += THREADS) {
        snprintf(path, sizeof path, "%s/%d", dir, i);
        int fd = open(path, O_RDWR);
        if (fd < 0) fail("open");
        if (way == PWRITE) {
            if (pwrite(fd, header, HEADER, 0) != HEADER) fail("pwrite");
        } else if (way == MMAP) {
            char *at = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
            if (at == MAP_FAILED) fail("mmap");
            memcpy(at, header, HEADER);
            if (munmap(at, page) != 0) fail("munmap");
        } else {
            if (region == NULL || used == slots) {
                if (region != NULL && munmap(region, slots * page) != 0) fail("munmap");
                region = mmap(NULL, slots * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
                if (region == MAP_FAILED) fail("mmap reserve");
                used = 0;
            }
            char *at = mmap(region + used++ * page, page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
            if (at == MAP_FAILED) fail("mmap");
            memcpy(at, header, HEADER);
        }
        if (close(fd) != 0) fail("close");
    }
    if (region != NULL && munmap(region, slots * page) != 0) fail("munmap");
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: map-cost DIR N create|pwrite|mmap|slots [PAGES]\n");
        return 2;
    }
    dir = argv[1];
    files = atoi(argv[2]);
    if (strcmp(argv[3], "create") == 0) {
        char body[SIZE], path[4096];
        memset(body, 'a', SIZE);
        mkdir(dir, 0755);
        for (int i = 0; i < files; i++) {
            snprintf(path, sizeof path, "%s/%d", dir, i);
            int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
            if (fd < 0 || write(fd, body, SIZE) != SIZE || close(fd) != 0) fail("create");
        }
        return 0;
    }
    way = strcmp(argv[3], "pwrite") == 0 ? PWRITE : strcmp(argv[3], "mmap") == 0 ? MMAP : SLOTS;
    if (argc > 4) slots = atoi(argv[4]);
    memset(header, 'h', HEADER);
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pthread_t threads[THREADS];
    for (long t = 0; t < THREADS; t++) pthread_create(&threads[t], NULL, writer, (void *) t);
    for (int t = 0; t < THREADS; t++) pthread_join(threads[t], NULL);
    clock_gettime(CLOCK_MONOTONIC, &end);
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    double cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
    double wall = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    if (way == SLOTS) {
        printf("slots of %d: %.1f CPU us per file, %.0f files/s\n", slots, cpu * 1e6 / files, files / wall);
    } else {
        printf("%s: %.1f CPU us per file, %.0f files/s\n", argv[3], cpu * 1e6 / files, files / wall);
    }
    return 0;
}
