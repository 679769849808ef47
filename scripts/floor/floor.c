/* The single-threaded read floor: read every record file of a workspace
 * once, the least any report that reads them all must do. It walks
 * assessments/<person>/*.toml, opening each file relative to its folder and
 * reading it whole, and prints the files and bytes read.
 *
 *     cc -O2 -o floor scripts/floor/floor.c && ./floor WORKSPACE
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int is_record(const char *name) {
    size_t n = strlen(name);
    return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".toml") == 0;
}

int main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : ".";
    char path[4096];
    snprintf(path, sizeof path, "%s/assessments", root);
    int top = open(path, O_RDONLY | O_DIRECTORY);
    if (top < 0) { perror(path); return 2; }
    DIR *people = fdopendir(top);
    if (!people) { perror(path); return 2; }
    static char buf[1 << 16];
    long files = 0, bytes = 0;
    struct dirent *p;
    while ((p = readdir(people))) {
        if (p->d_name[0] == '.' || p->d_type != DT_DIR) continue;
        int dir = openat(top, p->d_name, O_RDONLY | O_DIRECTORY);
        if (dir < 0) continue;
        DIR *records = fdopendir(dir);
        if (!records) { close(dir); continue; }
        struct dirent *r;
        while ((r = readdir(records))) {
            if (r->d_type != DT_REG || !is_record(r->d_name)) continue;
            int fd = openat(dir, r->d_name, O_RDONLY);
            if (fd < 0) continue;
            ssize_t got;
            while ((got = read(fd, buf, sizeof buf)) > 0) bytes += got;
            close(fd);
            files++;
        }
        closedir(records);
    }
    closedir(people);
    printf("%ld files, %ld bytes\n", files, bytes);
    return 0;
}
