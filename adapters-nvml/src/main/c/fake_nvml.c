/*
 * A fake libnvidia-ml.so.1: the NVML C ABI (real symbol names, versioned ones included, real
 * struct layouts, enum values and return codes) over a node described in a text file.
 *
 *   FAKE_NVML_NODE     the node file (format: adapters-nvml/README.md), read at each first nvmlInit
 *   FAKE_NVML_CONTROL  optional control file; lines appended to it are applied once each, while
 *                      the library runs (polled at every call and every 10 ms inside an event wait):
 *                        xid <gpu> <xid> [<gi> <ci>]   deliver an Xid critical error event
 *                        ecc <gpu> single|double      deliver an ECC event
 *                        lost <gpu>                   the GPU falls off the bus (GPU_IS_LOST)
 *                        back <gpu>                   the GPU answers again
 *
 * One mutex guards all state; the event wait sleeps without it.
 */
#define _GNU_SOURCE
#include "nvml_abi.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))

#define MAX_GPUS 64
#define MAX_MIG 8
#define MAX_SETS 64
#define QUEUE_LEN 256
#define NO_ID 0xFFFFFFFFu

struct nvmlComputeInstance_st {
    struct nvmlGpuInstance_st *gi;
    unsigned id;
    unsigned profile;            /* NVML_COMPUTE_INSTANCE_PROFILE_* */
    struct nvmlDevice_st *mig;   /* the MIG device this compute instance is */
};

struct nvmlGpuInstance_st {
    struct nvmlDevice_st *parent;
    unsigned id;
    unsigned profile;            /* NVML_GPU_INSTANCE_PROFILE_* */
    unsigned start;
    struct nvmlComputeInstance_st cis[MAX_MIG];
    int nci;
};

struct nvmlDevice_st {
    int used;
    int is_mig;
    unsigned index;              /* NVML index of a GPU; slot of a MIG device */
    struct nvmlDevice_st *parent;
    char uuid[NVML_DEVICE_UUID_V2_BUFFER_SIZE];
    char name[NVML_DEVICE_NAME_V2_BUFFER_SIZE];
    char bus_id[NVML_DEVICE_PCI_BUS_ID_BUFFER_SIZE];
    unsigned minor;
    unsigned long long memory_mib;
    unsigned cc_major, cc_minor;
    unsigned brand, arch, pci_device_id, pci_subsystem_id;
    int mig_capable;
    unsigned mig_mode, mig_pending, max_mig;
    unsigned long long supported_events;
    int register_result;         /* -1: normal behaviour */
    int gi_present[NVML_GPU_INSTANCE_PROFILE_COUNT];
    unsigned long long gi_memory_mb[NVML_GPU_INSTANCE_PROFILE_COUNT];
    unsigned gi_count[NVML_GPU_INSTANCE_PROFILE_COUNT];
    struct nvmlDevice_st *mig_slots[MAX_MIG];
    struct nvmlGpuInstance_st gis[MAX_MIG];
    int ngi;
    int has_nvlink;
    int link_active[NVML_NVLINK_MAX_LINKS];
    char link_remote[NVML_NVLINK_MAX_LINKS][NVML_DEVICE_PCI_BUS_ID_BUFFER_SIZE];
    unsigned link_remote_type[NVML_NVLINK_MAX_LINKS];   /* NVML_NVLINK_DEVICE_TYPE_* */
    int lost;
    /* MIG devices only */
    unsigned gi_id, ci_id, gi_profile, ci_profile;
    unsigned long long mig_memory_mb;
    struct nvmlComputeInstance_st *ci;
};

struct registration {
    struct nvmlDevice_st *dev;
    unsigned long long mask;
};

struct nvmlEventSet_st {
    int used;
    struct registration regs[MAX_GPUS];
    int nregs;
    nvmlEventData_t queue[QUEUE_LEN];
    int head, count;
    int lost_pending;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int init_count;
static struct nvmlDevice_st gpus[MAX_GPUS];
static int gpu_count;
static struct nvmlDevice_st migs[MAX_GPUS * MAX_MIG];
static int mig_total;
static int topo[MAX_GPUS][MAX_GPUS];
static struct nvmlEventSet_st sets[MAX_SETS];
static char driver_version[NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE];
static char nvml_version[NVML_SYSTEM_NVML_VERSION_BUFFER_SIZE];
static int cuda_driver_version;
static char control_path[4096];
static long control_offset;

/* Slice counts and profile ids of GPU instance profiles, by NVML_GPU_INSTANCE_PROFILE_* index
 * (the ids are those an A100 reports; others made up). */
static const unsigned GI_SLICES[NVML_GPU_INSTANCE_PROFILE_COUNT] = {1, 2, 3, 4, 7, 8, 6, 1, 2, 1};
static const unsigned GI_IDS[NVML_GPU_INSTANCE_PROFILE_COUNT] = {19, 14, 9, 5, 0, 32, 33, 20, 34, 15};
static const unsigned CI_SLICES[NVML_COMPUTE_INSTANCE_PROFILE_COUNT] = {1, 2, 3, 4, 7, 8, 6, 1};

static const struct { nvmlReturn_t code; const char *name; const char *text; } RETURNS[] = {
    {NVML_SUCCESS, "SUCCESS", "Success"},
    {NVML_ERROR_UNINITIALIZED, "UNINITIALIZED", "Uninitialized"},
    {NVML_ERROR_INVALID_ARGUMENT, "INVALID_ARGUMENT", "Invalid Argument"},
    {NVML_ERROR_NOT_SUPPORTED, "NOT_SUPPORTED", "Not Supported"},
    {NVML_ERROR_NO_PERMISSION, "NO_PERMISSION", "Insufficient Permissions"},
    {NVML_ERROR_ALREADY_INITIALIZED, "ALREADY_INITIALIZED", "Already Initialized"},
    {NVML_ERROR_NOT_FOUND, "NOT_FOUND", "Not Found"},
    {NVML_ERROR_INSUFFICIENT_SIZE, "INSUFFICIENT_SIZE", "Insufficient Size"},
    {NVML_ERROR_INSUFFICIENT_POWER, "INSUFFICIENT_POWER", "Insufficient External Power"},
    {NVML_ERROR_DRIVER_NOT_LOADED, "DRIVER_NOT_LOADED", "Driver Not Loaded"},
    {NVML_ERROR_TIMEOUT, "TIMEOUT", "Timeout"},
    {NVML_ERROR_IRQ_ISSUE, "IRQ_ISSUE", "Interrupt Request Issue"},
    {NVML_ERROR_LIBRARY_NOT_FOUND, "LIBRARY_NOT_FOUND", "NVML Shared Library Not Found"},
    {NVML_ERROR_FUNCTION_NOT_FOUND, "FUNCTION_NOT_FOUND", "Function Not Found"},
    {NVML_ERROR_CORRUPTED_INFOROM, "CORRUPTED_INFOROM", "Corrupted infoROM"},
    {NVML_ERROR_GPU_IS_LOST, "GPU_IS_LOST", "GPU is lost"},
    {NVML_ERROR_RESET_REQUIRED, "RESET_REQUIRED", "GPU requires restart"},
    {NVML_ERROR_OPERATING_SYSTEM, "OPERATING_SYSTEM", "The operating system has blocked the request."},
    {NVML_ERROR_LIB_RM_VERSION_MISMATCH, "LIB_RM_VERSION_MISMATCH", "RM has detected an NVML/RM version mismatch."},
    {NVML_ERROR_IN_USE, "IN_USE", "In use by another client"},
    {NVML_ERROR_MEMORY, "MEMORY", "Insufficient Memory"},
    {NVML_ERROR_NO_DATA, "NO_DATA", "No data"},
    {NVML_ERROR_VGPU_ECC_NOT_ENABLED, "VGPU_ECC_NOT_ENABLED", "The requested vgpu operation is not available on target device, because ECC is enabled"},
    {NVML_ERROR_INSUFFICIENT_RESOURCES, "INSUFFICIENT_RESOURCES", "Ran out of critical resources, other than memory"},
    {NVML_ERROR_FREQ_NOT_SUPPORTED, "FREQ_NOT_SUPPORTED", "The requested frequency is not supported"},
    {NVML_ERROR_ARGUMENT_VERSION_MISMATCH, "ARGUMENT_VERSION_MISMATCH", "The provided version is invalid/unsupported"},
    {NVML_ERROR_DEPRECATED, "DEPRECATED", "The requested functionality has been deprecated"},
    {NVML_ERROR_NOT_READY, "NOT_READY", "The system is not ready for the request"},
    {NVML_ERROR_GPU_NOT_FOUND, "GPU_NOT_FOUND", "The GPU is not found"},
    {NVML_ERROR_INVALID_STATE, "INVALID_STATE", "The requested operation is invalid in the current state"},
    {NVML_ERROR_UNKNOWN, "UNKNOWN", "Unknown Error"},
};

static int return_by_name(const char *name, nvmlReturn_t *out) {
    if (strncmp(name, "NVML_", 5) == 0) name += 5;
    if (strncmp(name, "ERROR_", 6) == 0) name += 6;
    for (size_t i = 0; i < sizeof RETURNS / sizeof RETURNS[0]; i++) {
        if (strcmp(RETURNS[i].name, name) == 0) {
            *out = RETURNS[i].code;
            return 1;
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- node file */

static char *trim(char *s) {
    while (isspace((unsigned char)*s)) s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
    return s;
}

static void copy_str(char *dst, size_t size, const char *src) {
    snprintf(dst, size, "%s", src);
}

static int parse_level(const char *s, int *out) {
    static const struct { const char *name; int level; } LEVELS[] = {
        {"INTERNAL", NVML_TOPOLOGY_INTERNAL}, {"SINGLE", NVML_TOPOLOGY_SINGLE},
        {"MULTIPLE", NVML_TOPOLOGY_MULTIPLE}, {"HOSTBRIDGE", NVML_TOPOLOGY_HOSTBRIDGE},
        {"NODE", NVML_TOPOLOGY_NODE}, {"CPU", NVML_TOPOLOGY_NODE}, {"SYSTEM", NVML_TOPOLOGY_SYSTEM},
    };
    for (size_t i = 0; i < sizeof LEVELS / sizeof LEVELS[0]; i++) {
        if (strcasecmp(s, LEVELS[i].name) == 0) {
            *out = LEVELS[i].level;
            return 1;
        }
    }
    char *end;
    long v = strtol(s, &end, 0);
    if (*s && !*end) {
        *out = (int)v;
        return 1;
    }
    return 0;
}

/* The far end of an NVLink in the node file: another GPU (the default) or an NVSwitch. */
static int parse_link_remote_type(const char *s, unsigned *out) {
    if (strcasecmp(s, "gpu") == 0) {
        *out = NVML_NVLINK_DEVICE_TYPE_GPU;
        return 1;
    }
    if (strcasecmp(s, "switch") == 0) {
        *out = NVML_NVLINK_DEVICE_TYPE_SWITCH;
        return 1;
    }
    return 0;
}

static void default_gpu(struct nvmlDevice_st *d, unsigned index) {
    memset(d, 0, sizeof *d);
    d->used = 1;
    d->index = index;
    snprintf(d->uuid, sizeof d->uuid, "GPU-00000000-0000-0000-0000-%012u", index);
    copy_str(d->name, sizeof d->name, "NVIDIA Fake GPU");
    snprintf(d->bus_id, sizeof d->bus_id, "00000000:%02X:00.0", index + 1);
    d->minor = index;
    d->memory_mib = 16384;
    d->cc_major = 8;
    d->cc_minor = 0;
    d->brand = 2;  /* NVML_BRAND_TESLA */
    d->arch = 7;   /* NVML_DEVICE_ARCH_AMPERE */
    d->pci_device_id = 0x20B010DE;
    d->pci_subsystem_id = 0x134F10DE;
    d->supported_events = nvmlEventTypeSingleBitEccError | nvmlEventTypeDoubleBitEccError
        | nvmlEventTypePState | nvmlEventTypeXidCriticalError | nvmlEventTypeClock;
    d->register_result = -1;
    d->max_mig = 7;
}

/* go-nvlib's memory rounding, so MIG device names read like the real ones. */
static unsigned long long mig_gb(unsigned long long total_bytes, unsigned long long mig_mb) {
    double frac = ((double)mig_mb * 1024 * 1024) / (double)total_bytes;
    frac = ceil(frac * 8) / 8;
    double total_gb = (double)((total_bytes + (1ULL << 30) - 1) >> 30);
    return (unsigned long long)llround(frac * total_gb);
}

static int load_error(const char *path, int line, const char *what) {
    fprintf(stderr, "fake-nvml: %s:%d: %s\n", path, line, what);
    return 0;
}

static struct nvmlGpuInstance_st *gi_on(struct nvmlDevice_st *gpu, unsigned id) {
    for (int i = 0; i < gpu->ngi; i++) {
        if (gpu->gis[i].id == id) return &gpu->gis[i];
    }
    return NULL;
}

/* Returns 1 and fills the node, or 0 after printing what is wrong; *init_error is set when the
 * file asks nvmlInit to fail. */
static int load_node(const char *path, nvmlReturn_t *init_error) {
    memset(gpus, 0, sizeof gpus);
    memset(migs, 0, sizeof migs);
    gpu_count = 0;
    mig_total = 0;
    for (int i = 0; i < MAX_GPUS; i++)
        for (int j = 0; j < MAX_GPUS; j++) topo[i][j] = -1;
    copy_str(driver_version, sizeof driver_version, "535.104.05");
    copy_str(nvml_version, sizeof nvml_version, "12.535.104.05");
    cuda_driver_version = 12020;
    *init_error = NVML_SUCCESS;

    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "fake-nvml: cannot read node file %s\n", path);
        return 0;
    }
    char buf[1024];
    int lineno = 0;
    struct nvmlDevice_st *gpu = NULL;
    int ok = 1;
    while (ok && fgets(buf, sizeof buf, f)) {
        lineno++;
        char *hash = strchr(buf, '#');
        if (hash) *hash = '\0';
        char *line = trim(buf);
        if (!*line) continue;
        char *key = line;
        char *val = line;
        while (*val && !isspace((unsigned char)*val)) val++;
        if (*val) *val++ = '\0';
        val = trim(val);

        if (strcmp(key, "driver_version") == 0) {
            copy_str(driver_version, sizeof driver_version, val);
        } else if (strcmp(key, "nvml_version") == 0) {
            copy_str(nvml_version, sizeof nvml_version, val);
        } else if (strcmp(key, "cuda_driver_version") == 0) {
            cuda_driver_version = atoi(val);
        } else if (strcmp(key, "init_error") == 0) {
            if (!return_by_name(val, init_error)) ok = load_error(path, lineno, "unknown return code");
        } else if (strcmp(key, "gpu") == 0) {
            int index = atoi(val);
            if (index != gpu_count || gpu_count >= MAX_GPUS) {
                ok = load_error(path, lineno, "gpu blocks must be numbered 0, 1, 2, ... in order");
                break;
            }
            gpu = &gpus[gpu_count++];
            default_gpu(gpu, (unsigned)index);
        } else if (!gpu) {
            ok = load_error(path, lineno, "unknown top-level key (or key outside a gpu block)");
        } else if (strcmp(key, "uuid") == 0) {
            copy_str(gpu->uuid, sizeof gpu->uuid, val);
        } else if (strcmp(key, "name") == 0) {
            copy_str(gpu->name, sizeof gpu->name, val);
        } else if (strcmp(key, "bus_id") == 0) {
            copy_str(gpu->bus_id, sizeof gpu->bus_id, val);
        } else if (strcmp(key, "minor") == 0) {
            gpu->minor = (unsigned)atoi(val);
        } else if (strcmp(key, "memory_mib") == 0) {
            gpu->memory_mib = strtoull(val, NULL, 10);
        } else if (strcmp(key, "cc") == 0) {
            if (sscanf(val, "%u.%u", &gpu->cc_major, &gpu->cc_minor) != 2) ok = load_error(path, lineno, "cc wants <major>.<minor>");
        } else if (strcmp(key, "brand") == 0) {
            gpu->brand = (unsigned)strtoul(val, NULL, 0);
        } else if (strcmp(key, "arch") == 0) {
            gpu->arch = (unsigned)strtoul(val, NULL, 0);
        } else if (strcmp(key, "pci_device_id") == 0) {
            gpu->pci_device_id = (unsigned)strtoul(val, NULL, 0);
        } else if (strcmp(key, "events") == 0) {
            gpu->supported_events = strtoull(val, NULL, 0);
        } else if (strcmp(key, "register_result") == 0) {
            nvmlReturn_t r;
            if (!return_by_name(val, &r)) ok = load_error(path, lineno, "unknown return code");
            else gpu->register_result = (int)r;
        } else if (strcmp(key, "lost") == 0) {
            gpu->lost = 1;
        } else if (strcmp(key, "mig_mode") == 0) {
            unsigned cur = 0, pending;
            int n = sscanf(val, "%u %u", &cur, &pending);
            if (n < 1) ok = load_error(path, lineno, "mig_mode wants <current> [<pending>]");
            gpu->mig_capable = 1;
            gpu->mig_mode = cur;
            gpu->mig_pending = n == 2 ? pending : cur;
        } else if (strcmp(key, "max_mig") == 0) {
            gpu->max_mig = (unsigned)atoi(val);
            if (gpu->max_mig > MAX_MIG) gpu->max_mig = MAX_MIG;
        } else if (strcmp(key, "gi_profile") == 0) {
            unsigned p, count = 0;
            unsigned long long mb;
            int n = sscanf(val, "%u %llu %u", &p, &mb, &count);
            if (n < 2 || p >= NVML_GPU_INSTANCE_PROFILE_COUNT) {
                ok = load_error(path, lineno, "gi_profile wants <profile 0-9> <memoryMB> [<instances>]");
            } else {
                gpu->mig_capable = 1;
                gpu->gi_present[p] = 1;
                gpu->gi_memory_mb[p] = mb;
                gpu->gi_count[p] = n == 3 ? count : 7 / GI_SLICES[p];
            }
        } else if (strcmp(key, "mig") == 0) {
            unsigned slot, gi, ci, gp, cp;
            unsigned long long mb;
            char uuid[NVML_DEVICE_UUID_V2_BUFFER_SIZE];
            if (sscanf(val, "%u %95s %u %u %u %u %llu", &slot, uuid, &gi, &ci, &gp, &cp, &mb) != 7
                    || slot >= MAX_MIG || gp >= NVML_GPU_INSTANCE_PROFILE_COUNT
                    || cp >= NVML_COMPUTE_INSTANCE_PROFILE_COUNT || gpu->mig_slots[slot]) {
                ok = load_error(path, lineno, "mig wants <slot> <uuid> <gi> <ci> <giProfile 0-9> <ciProfile 0-7> <memoryMB> (slots unique)");
            } else {
                struct nvmlDevice_st *m = &migs[mig_total++];
                m->used = 1;
                m->is_mig = 1;
                m->index = slot;
                m->parent = gpu;
                copy_str(m->uuid, sizeof m->uuid, uuid);
                m->gi_id = gi;
                m->ci_id = ci;
                m->gi_profile = gp;
                m->ci_profile = cp;
                m->mig_memory_mb = mb;
                gpu->mig_slots[slot] = m;
                gpu->mig_capable = 1;
            }
        } else if (strcmp(key, "nvlink") == 0) {
            unsigned link;
            char remote[NVML_DEVICE_PCI_BUS_ID_BUFFER_SIZE];
            char kind[16] = "gpu";
            unsigned type;
            int n = sscanf(val, "%u %31s %15s", &link, remote, kind);
            if (n < 2 || link >= NVML_NVLINK_MAX_LINKS || !parse_link_remote_type(kind, &type)) {
                ok = load_error(path, lineno, "nvlink wants <link 0-17> <remote bus id> [gpu|switch]");
            } else {
                gpu->has_nvlink = 1;
                gpu->link_active[link] = 1;
                gpu->link_remote_type[link] = type;
                copy_str(gpu->link_remote[link], sizeof gpu->link_remote[link], remote);
            }
        } else if (strcmp(key, "nvlink_supported") == 0) {
            gpu->has_nvlink = 1;
        } else if (strcmp(key, "topo") == 0) {
            unsigned peer;
            char level[32];
            int lv;
            if (sscanf(val, "%u %31s", &peer, level) != 2 || peer >= MAX_GPUS || !parse_level(level, &lv)) {
                ok = load_error(path, lineno, "topo wants <peer index> INTERNAL|SINGLE|MULTIPLE|HOSTBRIDGE|NODE|SYSTEM");
            } else {
                topo[gpu->index][peer] = lv;
                topo[peer][gpu->index] = lv;
            }
        } else {
            ok = load_error(path, lineno, "unknown key in gpu block");
        }
    }
    fclose(f);
    if (!ok) return 0;

    /* Derive GPU and compute instances and MIG names from the MIG devices. */
    for (int i = 0; i < mig_total; i++) {
        struct nvmlDevice_st *m = &migs[i];
        struct nvmlDevice_st *p = m->parent;
        struct nvmlGpuInstance_st *gi = gi_on(p, m->gi_id);
        if (!gi) {
            if (p->ngi >= MAX_MIG) return load_error(path, 0, "too many GPU instances");
            gi = &p->gis[p->ngi++];
            gi->parent = p;
            gi->id = m->gi_id;
            gi->profile = m->gi_profile;
            gi->start = m->gi_id;
        }
        for (int c = 0; c < gi->nci; c++) {
            if (gi->cis[c].id == m->ci_id) return load_error(path, 0, "duplicate compute instance id in one GPU instance");
        }
        struct nvmlComputeInstance_st *ci = &gi->cis[gi->nci++];
        ci->gi = gi;
        ci->id = m->ci_id;
        ci->profile = m->ci_profile;
        ci->mig = m;
        m->ci = ci;
        unsigned g = GI_SLICES[m->gi_profile];
        unsigned c = CI_SLICES[m->ci_profile];
        unsigned long long gb = mig_gb(p->memory_mib << 20, m->mig_memory_mb);
        const char *me = (m->gi_profile == NVML_GPU_INSTANCE_PROFILE_1_SLICE_REV1
                || m->gi_profile == NVML_GPU_INSTANCE_PROFILE_2_SLICE_REV1) ? "+me" : "";
        if (c == g) snprintf(m->name, sizeof m->name, "%.60s MIG %ug.%llugb%s", p->name, g, gb, me);
        else snprintf(m->name, sizeof m->name, "%.60s MIG %uc.%ug.%llugb%s", p->name, c, g, gb, me);
        copy_str(m->bus_id, sizeof m->bus_id, p->bus_id);
    }
    return 1;
}

/* ---------------------------------------------------------------- control file and events */

static void enqueue(struct nvmlDevice_st *gpu, unsigned long long type, unsigned long long data,
                    unsigned gi, unsigned ci) {
    for (int s = 0; s < MAX_SETS; s++) {
        struct nvmlEventSet_st *set = &sets[s];
        if (!set->used) continue;
        for (int r = 0; r < set->nregs; r++) {
            if (set->regs[r].dev == gpu && (set->regs[r].mask & type) && set->count < QUEUE_LEN) {
                nvmlEventData_t *e = &set->queue[(set->head + set->count++) % QUEUE_LEN];
                e->device = gpu;
                e->eventType = type;
                e->eventData = data;
                e->gpuInstanceId = gi;
                e->computeInstanceId = ci;
                break;
            }
        }
    }
}

static void apply_command(char *line) {
    char cmd[16], arg[32];
    unsigned k;
    unsigned long long xid;
    unsigned gi = NO_ID, ci = NO_ID;
    line = trim(line);
    if (!*line || *line == '#') return;
    if (sscanf(line, "%15s %u", cmd, &k) != 2 || (int)k >= gpu_count) {
        fprintf(stderr, "fake-nvml: ignoring control command '%s'\n", line);
        return;
    }
    struct nvmlDevice_st *gpu = &gpus[k];
    if (strcmp(cmd, "xid") == 0) {
        int n = sscanf(line, "%*s %*u %llu %u %u", &xid, &gi, &ci);
        if (n == 1 || n == 3) {
            enqueue(gpu, nvmlEventTypeXidCriticalError, xid, gi, ci);
            return;
        }
    } else if (strcmp(cmd, "ecc") == 0 && sscanf(line, "%*s %*u %31s", arg) == 1) {
        if (strcmp(arg, "single") == 0) { enqueue(gpu, nvmlEventTypeSingleBitEccError, 0, NO_ID, NO_ID); return; }
        if (strcmp(arg, "double") == 0) { enqueue(gpu, nvmlEventTypeDoubleBitEccError, 0, NO_ID, NO_ID); return; }
    } else if (strcmp(cmd, "lost") == 0) {
        gpu->lost = 1;
        for (int s = 0; s < MAX_SETS; s++) {
            for (int r = 0; sets[s].used && r < sets[s].nregs; r++) {
                if (sets[s].regs[r].dev == gpu) sets[s].lost_pending = 1;
            }
        }
        return;
    } else if (strcmp(cmd, "back") == 0) {
        gpu->lost = 0;
        return;
    }
    fprintf(stderr, "fake-nvml: ignoring control command '%s'\n", line);
}

/* Applies the complete lines appended to the control file since the last poll. Caller holds mu. */
static void poll_control(void) {
    const char *path = getenv("FAKE_NVML_CONTROL");
    if (!path || !*path) return;
    if (strcmp(path, control_path) != 0) {
        copy_str(control_path, sizeof control_path, path);
        control_offset = 0;
    }
    FILE *f = fopen(path, "r");
    if (!f) return;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    if (size < control_offset) control_offset = 0;  /* truncated: start over */
    if (size > control_offset) {
        fseek(f, control_offset, SEEK_SET);
        char line[512];
        while (fgets(line, sizeof line, f)) {
            size_t n = strlen(line);
            if (n == 0 || line[n - 1] != '\n') break;  /* a line still being written */
            control_offset += (long)n;
            apply_command(line);
        }
    }
    fclose(f);
}

/* ---------------------------------------------------------------- helpers */

static int is_device(nvmlDevice_t d) {
    if (!d) return 0;
    if (d >= gpus && d < gpus + gpu_count) return d->used;
    if (d >= migs && d < migs + mig_total) return d->used;
    return 0;
}

static int is_gi(nvmlGpuInstance_t gi) {
    for (int i = 0; i < gpu_count; i++) {
        if (gi >= gpus[i].gis && gi < gpus[i].gis + gpus[i].ngi) return 1;
    }
    return 0;
}

static int is_ci(nvmlComputeInstance_t ci) {
    for (int i = 0; i < mig_total; i++) {
        if (migs[i].ci == ci) return 1;
    }
    return 0;
}

static int is_lost(nvmlDevice_t d) {
    return d->is_mig ? d->parent->lost : d->lost;
}

static nvmlReturn_t put_string(char *dst, unsigned length, const char *src) {
    if (!dst) return NVML_ERROR_INVALID_ARGUMENT;
    if (strlen(src) + 1 > length) return NVML_ERROR_INSUFFICIENT_SIZE;
    strcpy(dst, src);
    return NVML_SUCCESS;
}

static void fill_pci(nvmlPciInfo_t *pci, const char *bus_id, unsigned dev_id, unsigned subsys) {
    unsigned dom = 0, bus = 0, dev = 0, fn = 0;
    sscanf(bus_id, "%x:%x:%x.%x", &dom, &bus, &dev, &fn);
    memset(pci, 0, sizeof *pci);
    snprintf(pci->busIdLegacy, sizeof pci->busIdLegacy, "%04X:%02X:%02X.%X", dom & 0xFFFF, bus, dev, fn);
    snprintf(pci->busId, sizeof pci->busId, "%08X:%02X:%02X.%X", dom, bus, dev, fn);
    pci->domain = dom;
    pci->bus = bus;
    pci->device = dev;
    pci->pciDeviceId = dev_id;
    pci->pciSubSystemId = subsys;
}

/* Every API function runs its body with the lock held, after applying pending control commands,
 * and answers UNINITIALIZED before nvmlInit, like the real library. */
#define API(name, params, args)                                         \
    static nvmlReturn_t impl_##name params;                            \
    EXPORT nvmlReturn_t name params {                                   \
        nvmlReturn_t r;                                                 \
        pthread_mutex_lock(&mu);                                        \
        if (init_count == 0) {                                          \
            r = NVML_ERROR_UNINITIALIZED;                               \
        } else {                                                        \
            poll_control();                                             \
            r = impl_##name args;                                       \
        }                                                               \
        pthread_mutex_unlock(&mu);                                      \
        return r;                                                       \
    }                                                                   \
    static nvmlReturn_t impl_##name params

/* A device argument that must be a live device handle (GPU or MIG). */
#define DEVICE_OK(d)                                     \
    do {                                                 \
        if (!is_device(d)) return NVML_ERROR_INVALID_ARGUMENT; \
        if (is_lost(d)) return NVML_ERROR_GPU_IS_LOST;   \
    } while (0)

/* ---------------------------------------------------------------- init and system */

static nvmlReturn_t do_init(void) {
    pthread_mutex_lock(&mu);
    nvmlReturn_t r = NVML_SUCCESS;
    if (init_count == 0) {
        const char *path = getenv("FAKE_NVML_NODE");
        nvmlReturn_t init_error;
        if (!path || !*path) {
            fprintf(stderr, "fake-nvml: FAKE_NVML_NODE is not set\n");
            r = NVML_ERROR_DRIVER_NOT_LOADED;
        } else if (!load_node(path, &init_error)) {
            r = NVML_ERROR_UNKNOWN;
        } else {
            r = init_error;
        }
        if (r == NVML_SUCCESS) memset(sets, 0, sizeof sets);
    }
    if (r == NVML_SUCCESS) {
        init_count++;
        poll_control();
    }
    pthread_mutex_unlock(&mu);
    return r;
}

EXPORT nvmlReturn_t nvmlInit(void) { return do_init(); }
EXPORT nvmlReturn_t nvmlInit_v2(void) { return do_init(); }
EXPORT nvmlReturn_t nvmlInitWithFlags(unsigned int flags) { (void)flags; return do_init(); }

EXPORT nvmlReturn_t nvmlShutdown(void) {
    pthread_mutex_lock(&mu);
    nvmlReturn_t r = NVML_SUCCESS;
    if (init_count == 0) r = NVML_ERROR_UNINITIALIZED;
    else init_count--;
    pthread_mutex_unlock(&mu);
    return r;
}

EXPORT const char *nvmlErrorString(nvmlReturn_t result) {
    for (size_t i = 0; i < sizeof RETURNS / sizeof RETURNS[0]; i++) {
        if (RETURNS[i].code == result) return RETURNS[i].text;
    }
    return "Unknown Error";
}

API(nvmlSystemGetDriverVersion, (char *version, unsigned int length), (version, length)) {
    return put_string(version, length, driver_version);
}

API(nvmlSystemGetNVMLVersion, (char *version, unsigned int length), (version, length)) {
    return put_string(version, length, nvml_version);
}

API(nvmlSystemGetCudaDriverVersion, (int *version), (version)) {
    if (!version) return NVML_ERROR_INVALID_ARGUMENT;
    *version = cuda_driver_version;
    return NVML_SUCCESS;
}

API(nvmlSystemGetCudaDriverVersion_v2, (int *version), (version)) {
    return impl_nvmlSystemGetCudaDriverVersion(version);
}

/* ---------------------------------------------------------------- device handles */

API(nvmlDeviceGetCount_v2, (unsigned int *count), (count)) {
    if (!count) return NVML_ERROR_INVALID_ARGUMENT;
    *count = (unsigned)gpu_count;
    return NVML_SUCCESS;
}

API(nvmlDeviceGetCount, (unsigned int *count), (count)) {
    return impl_nvmlDeviceGetCount_v2(count);
}

API(nvmlDeviceGetHandleByIndex_v2, (unsigned int index, nvmlDevice_t *device), (index, device)) {
    if (!device || index >= (unsigned)gpu_count) return NVML_ERROR_INVALID_ARGUMENT;
    if (gpus[index].lost) return NVML_ERROR_GPU_IS_LOST;
    *device = &gpus[index];
    return NVML_SUCCESS;
}

API(nvmlDeviceGetHandleByIndex, (unsigned int index, nvmlDevice_t *device), (index, device)) {
    return impl_nvmlDeviceGetHandleByIndex_v2(index, device);
}

API(nvmlDeviceGetHandleByUUID, (const char *uuid, nvmlDevice_t *device), (uuid, device)) {
    if (!uuid || !device) return NVML_ERROR_INVALID_ARGUMENT;
    nvmlDevice_t found = NULL;
    for (int i = 0; i < gpu_count && !found; i++) {
        if (strcmp(gpus[i].uuid, uuid) == 0) found = &gpus[i];
    }
    for (int i = 0; i < mig_total && !found; i++) {
        if (strcmp(migs[i].uuid, uuid) == 0) found = &migs[i];
    }
    if (!found) return NVML_ERROR_NOT_FOUND;
    if (is_lost(found)) return NVML_ERROR_GPU_IS_LOST;
    *device = found;
    return NVML_SUCCESS;
}

API(nvmlDeviceGetHandleByPciBusId_v2, (const char *busId, nvmlDevice_t *device), (busId, device)) {
    if (!busId || !device) return NVML_ERROR_INVALID_ARGUMENT;
    for (int i = 0; i < gpu_count; i++) {
        if (strcasecmp(gpus[i].bus_id, busId) == 0) {
            if (gpus[i].lost) return NVML_ERROR_GPU_IS_LOST;
            *device = &gpus[i];
            return NVML_SUCCESS;
        }
    }
    return NVML_ERROR_NOT_FOUND;
}

API(nvmlDeviceGetHandleByPciBusId, (const char *busId, nvmlDevice_t *device), (busId, device)) {
    return impl_nvmlDeviceGetHandleByPciBusId_v2(busId, device);
}

/* ---------------------------------------------------------------- device queries */

API(nvmlDeviceGetUUID, (nvmlDevice_t d, char *uuid, unsigned int length), (d, uuid, length)) {
    DEVICE_OK(d);
    return put_string(uuid, length, d->uuid);
}

API(nvmlDeviceGetName, (nvmlDevice_t d, char *name, unsigned int length), (d, name, length)) {
    DEVICE_OK(d);
    return put_string(name, length, d->name);
}

API(nvmlDeviceGetBrand, (nvmlDevice_t d, nvmlBrandType_t *type), (d, type)) {
    DEVICE_OK(d);
    if (!type) return NVML_ERROR_INVALID_ARGUMENT;
    *type = d->is_mig ? d->parent->brand : d->brand;
    return NVML_SUCCESS;
}

API(nvmlDeviceGetArchitecture, (nvmlDevice_t d, nvmlDeviceArchitecture_t *arch), (d, arch)) {
    DEVICE_OK(d);
    if (!arch) return NVML_ERROR_INVALID_ARGUMENT;
    *arch = d->is_mig ? d->parent->arch : d->arch;
    return NVML_SUCCESS;
}

API(nvmlDeviceGetIndex, (nvmlDevice_t d, unsigned int *index), (d, index)) {
    DEVICE_OK(d);
    if (!index) return NVML_ERROR_INVALID_ARGUMENT;
    if (d->is_mig) return NVML_ERROR_NOT_SUPPORTED;
    *index = d->index;
    return NVML_SUCCESS;
}

API(nvmlDeviceGetMinorNumber, (nvmlDevice_t d, unsigned int *minor), (d, minor)) {
    DEVICE_OK(d);
    if (!minor) return NVML_ERROR_INVALID_ARGUMENT;
    if (d->is_mig) return NVML_ERROR_NOT_SUPPORTED;
    *minor = d->minor;
    return NVML_SUCCESS;
}

API(nvmlDeviceGetMemoryInfo, (nvmlDevice_t d, nvmlMemory_t *memory), (d, memory)) {
    DEVICE_OK(d);
    if (!memory) return NVML_ERROR_INVALID_ARGUMENT;
    unsigned long long mib = d->is_mig ? d->mig_memory_mb : d->memory_mib;
    memory->total = mib << 20;
    memory->used = 0;
    memory->free = memory->total;
    return NVML_SUCCESS;
}

API(nvmlDeviceGetPciInfo_v3, (nvmlDevice_t d, nvmlPciInfo_t *pci), (d, pci)) {
    DEVICE_OK(d);
    if (!pci) return NVML_ERROR_INVALID_ARGUMENT;
    struct nvmlDevice_st *g = d->is_mig ? d->parent : d;
    fill_pci(pci, g->bus_id, g->pci_device_id, g->pci_subsystem_id);
    return NVML_SUCCESS;
}

/* v2 has the same layout as v3 (only v1 differs, and it is not offered). */
API(nvmlDeviceGetPciInfo_v2, (nvmlDevice_t d, nvmlPciInfo_t *pci), (d, pci)) {
    return impl_nvmlDeviceGetPciInfo_v3(d, pci);
}

API(nvmlDeviceGetCudaComputeCapability, (nvmlDevice_t d, int *major, int *minor), (d, major, minor)) {
    DEVICE_OK(d);
    if (!major || !minor) return NVML_ERROR_INVALID_ARGUMENT;
    struct nvmlDevice_st *g = d->is_mig ? d->parent : d;
    *major = (int)g->cc_major;
    *minor = (int)g->cc_minor;
    return NVML_SUCCESS;
}

/* ---------------------------------------------------------------- MIG */

API(nvmlDeviceGetMigMode, (nvmlDevice_t d, unsigned int *current, unsigned int *pending), (d, current, pending)) {
    DEVICE_OK(d);
    if (!current || !pending) return NVML_ERROR_INVALID_ARGUMENT;
    if (d->is_mig || !d->mig_capable) return NVML_ERROR_NOT_SUPPORTED;
    *current = d->mig_mode;
    *pending = d->mig_pending;
    return NVML_SUCCESS;
}

API(nvmlDeviceGetMaxMigDeviceCount, (nvmlDevice_t d, unsigned int *count), (d, count)) {
    DEVICE_OK(d);
    if (!count) return NVML_ERROR_INVALID_ARGUMENT;
    if (d->is_mig) return NVML_ERROR_NOT_SUPPORTED;
    *count = d->mig_capable ? d->max_mig : 0;
    return NVML_SUCCESS;
}

API(nvmlDeviceGetMigDeviceHandleByIndex, (nvmlDevice_t d, unsigned int index, nvmlDevice_t *mig), (d, index, mig)) {
    DEVICE_OK(d);
    if (!mig || d->is_mig || index >= d->max_mig) return NVML_ERROR_INVALID_ARGUMENT;
    if (!d->mig_capable) return NVML_ERROR_NOT_SUPPORTED;
    if (d->mig_mode != NVML_DEVICE_MIG_ENABLE || !d->mig_slots[index]) return NVML_ERROR_NOT_FOUND;
    *mig = d->mig_slots[index];
    return NVML_SUCCESS;
}

API(nvmlDeviceGetDeviceHandleFromMigDeviceHandle, (nvmlDevice_t mig, nvmlDevice_t *device), (mig, device)) {
    DEVICE_OK(mig);
    if (!device || !mig->is_mig) return NVML_ERROR_INVALID_ARGUMENT;
    *device = mig->parent;
    return NVML_SUCCESS;
}

API(nvmlDeviceIsMigDeviceHandle, (nvmlDevice_t d, unsigned int *isMig), (d, isMig)) {
    if (!is_device(d) || !isMig) return NVML_ERROR_INVALID_ARGUMENT;
    *isMig = (unsigned)d->is_mig;
    return NVML_SUCCESS;
}

API(nvmlDeviceGetGpuInstanceId, (nvmlDevice_t d, unsigned int *id), (d, id)) {
    DEVICE_OK(d);
    if (!id) return NVML_ERROR_INVALID_ARGUMENT;
    if (!d->is_mig) return NVML_ERROR_NOT_SUPPORTED;
    *id = d->gi_id;
    return NVML_SUCCESS;
}

API(nvmlDeviceGetComputeInstanceId, (nvmlDevice_t d, unsigned int *id), (d, id)) {
    DEVICE_OK(d);
    if (!id) return NVML_ERROR_INVALID_ARGUMENT;
    if (!d->is_mig) return NVML_ERROR_NOT_SUPPORTED;
    *id = d->ci_id;
    return NVML_SUCCESS;
}

API(nvmlDeviceGetAttributes_v2, (nvmlDevice_t d, nvmlDeviceAttributes_t *a), (d, a)) {
    DEVICE_OK(d);
    if (!a) return NVML_ERROR_INVALID_ARGUMENT;
    if (!d->is_mig) return NVML_ERROR_NOT_SUPPORTED;  /* MIG device handles only, as documented */
    memset(a, 0, sizeof *a);
    unsigned c = CI_SLICES[d->ci_profile];
    a->multiprocessorCount = 14 * c;
    a->sharedCopyEngineCount = GI_SLICES[d->gi_profile];
    a->sharedDecoderCount = GI_SLICES[d->gi_profile] / 2;
    a->sharedJpegCount = d->gi_profile == NVML_GPU_INSTANCE_PROFILE_7_SLICE ? 1 : 0;
    a->sharedOfaCount = a->sharedJpegCount;
    a->gpuInstanceSliceCount = GI_SLICES[d->gi_profile];
    a->computeInstanceSliceCount = c;
    a->memorySizeMB = d->mig_memory_mb;
    return NVML_SUCCESS;
}

API(nvmlDeviceGetAttributes, (nvmlDevice_t d, nvmlDeviceAttributes_t *a), (d, a)) {
    return impl_nvmlDeviceGetAttributes_v2(d, a);
}

API(nvmlDeviceGetGpuInstanceProfileInfo, (nvmlDevice_t d, unsigned int profile, nvmlGpuInstanceProfileInfo_t *info), (d, profile, info)) {
    DEVICE_OK(d);
    if (!info || d->is_mig || profile >= NVML_GPU_INSTANCE_PROFILE_COUNT) return NVML_ERROR_INVALID_ARGUMENT;
    if (!d->mig_capable || !d->gi_present[profile]) return NVML_ERROR_NOT_SUPPORTED;
    memset(info, 0, sizeof *info);
    info->id = GI_IDS[profile];
    info->isP2pSupported = 0;
    info->sliceCount = GI_SLICES[profile];
    info->instanceCount = d->gi_count[profile];
    info->multiprocessorCount = 14 * GI_SLICES[profile];
    info->copyEngineCount = GI_SLICES[profile];
    info->decoderCount = GI_SLICES[profile] / 2;
    info->memorySizeMB = d->gi_memory_mb[profile];
    return NVML_SUCCESS;
}

static void fill_gi_info(nvmlGpuInstance_t gi, nvmlGpuInstanceInfo_t *info) {
    memset(info, 0, sizeof *info);
    info->device = gi->parent;
    info->id = gi->id;
    info->profileId = GI_IDS[gi->profile];
    info->placement.start = gi->start;
    info->placement.size = GI_SLICES[gi->profile];
}

API(nvmlDeviceGetGpuInstances, (nvmlDevice_t d, unsigned int profileId, nvmlGpuInstance_t *out, unsigned int *count), (d, profileId, out, count)) {
    DEVICE_OK(d);
    if (!count || d->is_mig) return NVML_ERROR_INVALID_ARGUMENT;
    if (!d->mig_capable) return NVML_ERROR_NOT_SUPPORTED;
    unsigned n = 0;
    for (int i = 0; i < d->ngi; i++) {
        if (GI_IDS[d->gis[i].profile] == profileId) {
            if (out) out[n] = &d->gis[i];
            n++;
        }
    }
    *count = n;
    return NVML_SUCCESS;
}

API(nvmlDeviceGetGpuInstanceById, (nvmlDevice_t d, unsigned int id, nvmlGpuInstance_t *gi), (d, id, gi)) {
    DEVICE_OK(d);
    if (!gi || d->is_mig) return NVML_ERROR_INVALID_ARGUMENT;
    if (!d->mig_capable) return NVML_ERROR_NOT_SUPPORTED;
    if (d->mig_mode != NVML_DEVICE_MIG_ENABLE) return NVML_ERROR_INVALID_STATE;
    struct nvmlGpuInstance_st *found = gi_on(d, id);
    if (!found) return NVML_ERROR_NOT_FOUND;
    *gi = found;
    return NVML_SUCCESS;
}

API(nvmlGpuInstanceGetInfo, (nvmlGpuInstance_t gi, nvmlGpuInstanceInfo_t *info), (gi, info)) {
    if (!is_gi(gi) || !info) return NVML_ERROR_INVALID_ARGUMENT;
    if (gi->parent->lost) return NVML_ERROR_GPU_IS_LOST;
    fill_gi_info(gi, info);
    return NVML_SUCCESS;
}

API(nvmlGpuInstanceGetComputeInstanceProfileInfo, (nvmlGpuInstance_t gi, unsigned int profile, unsigned int engProfile, nvmlComputeInstanceProfileInfo_t *info), (gi, profile, engProfile, info)) {
    if (!is_gi(gi) || !info || profile >= NVML_COMPUTE_INSTANCE_PROFILE_COUNT
            || engProfile >= NVML_COMPUTE_INSTANCE_ENGINE_PROFILE_COUNT) return NVML_ERROR_INVALID_ARGUMENT;
    if (gi->parent->lost) return NVML_ERROR_GPU_IS_LOST;
    unsigned g = GI_SLICES[gi->profile];
    unsigned c = CI_SLICES[profile];
    int me_gi = gi->profile == NVML_GPU_INSTANCE_PROFILE_1_SLICE_REV1 || gi->profile == NVML_GPU_INSTANCE_PROFILE_2_SLICE_REV1;
    if (c > g || (profile == NVML_COMPUTE_INSTANCE_PROFILE_1_SLICE_REV1 && !me_gi)) return NVML_ERROR_NOT_SUPPORTED;
    memset(info, 0, sizeof *info);
    info->id = profile;
    info->sliceCount = c;
    info->instanceCount = g / c;
    info->multiprocessorCount = 14 * c;
    info->sharedCopyEngineCount = g;
    info->sharedDecoderCount = g / 2;
    return NVML_SUCCESS;
}

API(nvmlGpuInstanceGetComputeInstances, (nvmlGpuInstance_t gi, unsigned int profileId, nvmlComputeInstance_t *out, unsigned int *count), (gi, profileId, out, count)) {
    if (!is_gi(gi) || !count) return NVML_ERROR_INVALID_ARGUMENT;
    if (gi->parent->lost) return NVML_ERROR_GPU_IS_LOST;
    unsigned n = 0;
    for (int i = 0; i < gi->nci; i++) {
        if (gi->cis[i].profile == profileId) {
            if (out) out[n] = &gi->cis[i];
            n++;
        }
    }
    *count = n;
    return NVML_SUCCESS;
}

API(nvmlGpuInstanceGetComputeInstanceById, (nvmlGpuInstance_t gi, unsigned int id, nvmlComputeInstance_t *ci), (gi, id, ci)) {
    if (!is_gi(gi) || !ci) return NVML_ERROR_INVALID_ARGUMENT;
    if (gi->parent->lost) return NVML_ERROR_GPU_IS_LOST;
    for (int i = 0; i < gi->nci; i++) {
        if (gi->cis[i].id == id) {
            *ci = &gi->cis[i];
            return NVML_SUCCESS;
        }
    }
    return NVML_ERROR_NOT_FOUND;
}

API(nvmlComputeInstanceGetInfo_v2, (nvmlComputeInstance_t ci, nvmlComputeInstanceInfo_t *info), (ci, info)) {
    if (!is_ci(ci) || !info) return NVML_ERROR_INVALID_ARGUMENT;
    if (ci->gi->parent->lost) return NVML_ERROR_GPU_IS_LOST;
    memset(info, 0, sizeof *info);
    info->device = ci->gi->parent;
    info->gpuInstance = ci->gi;
    info->id = ci->id;
    info->profileId = ci->profile;
    info->placement.start = ci->id;
    info->placement.size = CI_SLICES[ci->profile];
    return NVML_SUCCESS;
}

API(nvmlComputeInstanceGetInfo, (nvmlComputeInstance_t ci, nvmlComputeInstanceInfo_t *info), (ci, info)) {
    return impl_nvmlComputeInstanceGetInfo_v2(ci, info);
}

/* ---------------------------------------------------------------- topology and NVLink */

API(nvmlDeviceGetTopologyCommonAncestor, (nvmlDevice_t a, nvmlDevice_t b, nvmlGpuTopologyLevel_t *level), (a, b, level)) {
    DEVICE_OK(a);
    DEVICE_OK(b);
    if (!level || a->is_mig || b->is_mig) return NVML_ERROR_INVALID_ARGUMENT;
    if (a == b) {
        *level = NVML_TOPOLOGY_INTERNAL;
        return NVML_SUCCESS;
    }
    int lv = topo[a->index][b->index];
    if (lv < 0) return NVML_ERROR_NOT_SUPPORTED;
    *level = (nvmlGpuTopologyLevel_t)lv;
    return NVML_SUCCESS;
}

API(nvmlDeviceGetNvLinkState, (nvmlDevice_t d, unsigned int link, nvmlEnableState_t *isActive), (d, link, isActive)) {
    DEVICE_OK(d);
    if (!isActive || d->is_mig || link >= NVML_NVLINK_MAX_LINKS) return NVML_ERROR_INVALID_ARGUMENT;
    if (!d->has_nvlink) return NVML_ERROR_NOT_SUPPORTED;
    *isActive = d->link_active[link] ? NVML_FEATURE_ENABLED : NVML_FEATURE_DISABLED;
    return NVML_SUCCESS;
}

API(nvmlDeviceGetNvLinkRemotePciInfo_v2, (nvmlDevice_t d, unsigned int link, nvmlPciInfo_t *pci), (d, link, pci)) {
    DEVICE_OK(d);
    if (!pci || d->is_mig || link >= NVML_NVLINK_MAX_LINKS) return NVML_ERROR_INVALID_ARGUMENT;
    if (!d->has_nvlink || !d->link_active[link]) return NVML_ERROR_NOT_SUPPORTED;
    unsigned dev_id = 0, subsys = 0;
    if (d->link_remote_type[link] == NVML_NVLINK_DEVICE_TYPE_SWITCH) {
        dev_id = 0x1AF110DE;   /* an NVSwitch's PCI device id */
    }
    for (int i = 0; i < gpu_count; i++) {
        if (strcasecmp(gpus[i].bus_id, d->link_remote[link]) == 0) {
            dev_id = gpus[i].pci_device_id;
            subsys = gpus[i].pci_subsystem_id;
        }
    }
    fill_pci(pci, d->link_remote[link], dev_id, subsys);
    return NVML_SUCCESS;
}

API(nvmlDeviceGetNvLinkRemotePciInfo, (nvmlDevice_t d, unsigned int link, nvmlPciInfo_t *pci), (d, link, pci)) {
    return impl_nvmlDeviceGetNvLinkRemotePciInfo_v2(d, link, pci);
}

/* On an NVSwitch node every GPU link ends at a switch; between GPUs directly, at the other GPU. */
API(nvmlDeviceGetNvLinkRemoteDeviceType, (nvmlDevice_t d, unsigned int link, nvmlIntNvLinkDeviceType_t *type), (d, link, type)) {
    DEVICE_OK(d);
    if (!type || d->is_mig || link >= NVML_NVLINK_MAX_LINKS) return NVML_ERROR_INVALID_ARGUMENT;
    if (!d->has_nvlink || !d->link_active[link]) return NVML_ERROR_NOT_SUPPORTED;
    *type = (nvmlIntNvLinkDeviceType_t)d->link_remote_type[link];
    return NVML_SUCCESS;
}

/* ---------------------------------------------------------------- events */

API(nvmlDeviceGetSupportedEventTypes, (nvmlDevice_t d, unsigned long long *types), (d, types)) {
    DEVICE_OK(d);
    if (!types) return NVML_ERROR_INVALID_ARGUMENT;
    if (d->is_mig) return NVML_ERROR_NOT_SUPPORTED;
    *types = d->supported_events;
    return NVML_SUCCESS;
}

API(nvmlEventSetCreate, (nvmlEventSet_t *set), (set)) {
    if (!set) return NVML_ERROR_INVALID_ARGUMENT;
    for (int i = 0; i < MAX_SETS; i++) {
        if (!sets[i].used) {
            memset(&sets[i], 0, sizeof sets[i]);
            sets[i].used = 1;
            *set = &sets[i];
            return NVML_SUCCESS;
        }
    }
    return NVML_ERROR_MEMORY;
}

static int is_set(nvmlEventSet_t set) {
    return set >= sets && set < sets + MAX_SETS && set->used;
}

API(nvmlDeviceRegisterEvents, (nvmlDevice_t d, unsigned long long types, nvmlEventSet_t set), (d, types, set)) {
    DEVICE_OK(d);
    if (!is_set(set)) return NVML_ERROR_INVALID_ARGUMENT;
    if (d->is_mig) return NVML_ERROR_NOT_SUPPORTED;  /* register on the parent GPU */
    if (d->register_result >= 0) return (nvmlReturn_t)d->register_result;
    if (types & ~d->supported_events) return NVML_ERROR_NOT_SUPPORTED;
    for (int r = 0; r < set->nregs; r++) {
        if (set->regs[r].dev == d) {
            set->regs[r].mask |= types;
            return NVML_SUCCESS;
        }
    }
    if (set->nregs >= MAX_GPUS) return NVML_ERROR_INSUFFICIENT_RESOURCES;
    set->regs[set->nregs].dev = d;
    set->regs[set->nregs].mask = types;
    set->nregs++;
    return NVML_SUCCESS;
}

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits without holding the lock, polling the control file every 10 ms. */
static nvmlReturn_t event_wait(nvmlEventSet_t set, nvmlEventData_t *data, unsigned int timeoutms) {
    long long deadline = now_ms() + timeoutms;
    for (;;) {
        pthread_mutex_lock(&mu);
        nvmlReturn_t r = NVML_ERROR_TIMEOUT;
        int done = 1;
        if (init_count == 0) {
            r = NVML_ERROR_UNINITIALIZED;
        } else if (!is_set(set) || !data) {
            r = NVML_ERROR_INVALID_ARGUMENT;
        } else {
            poll_control();
            if (set->count > 0) {
                *data = set->queue[set->head];
                set->head = (set->head + 1) % QUEUE_LEN;
                set->count--;
                r = NVML_SUCCESS;
            } else if (set->lost_pending) {
                set->lost_pending = 0;
                r = NVML_ERROR_GPU_IS_LOST;
            } else {
                done = now_ms() >= deadline;
            }
        }
        pthread_mutex_unlock(&mu);
        if (done) return r;
        long long left = deadline - now_ms();
        usleep((useconds_t)((left < 10 ? (left > 0 ? left : 0) : 10) * 1000));
    }
}

EXPORT nvmlReturn_t nvmlEventSetWait_v2(nvmlEventSet_t set, nvmlEventData_t *data, unsigned int timeoutms) {
    return event_wait(set, data, timeoutms);
}

/* v1 has the same layout minus the GI/CI ids at the end; those are not written past it. */
EXPORT nvmlReturn_t nvmlEventSetWait(nvmlEventSet_t set, nvmlEventData_t *data, unsigned int timeoutms) {
    nvmlEventData_t full;
    nvmlReturn_t r = event_wait(set, data ? &full : NULL, timeoutms);
    if (r == NVML_SUCCESS) memcpy(data, &full, offsetof(nvmlEventData_t, gpuInstanceId));
    return r;
}

API(nvmlEventSetFree, (nvmlEventSet_t set), (set)) {
    if (!is_set(set)) return NVML_ERROR_INVALID_ARGUMENT;
    set->used = 0;
    return NVML_SUCCESS;
}

/* ---------------------------------------------------------------- everything else */

/* Functions a typical NVML client calls that this node does not model: they exist (so lookups
 * succeed) and answer NOT_SUPPORTED without touching their arguments. */
#define NOT_SUPPORTED(name) EXPORT nvmlReturn_t name(void) { return NVML_ERROR_NOT_SUPPORTED; }
NOT_SUPPORTED(nvmlDeviceGetPciInfo)
NOT_SUPPORTED(nvmlDeviceGetSerial)
NOT_SUPPORTED(nvmlDeviceGetBoardPartNumber)
NOT_SUPPORTED(nvmlDeviceGetVbiosVersion)
NOT_SUPPORTED(nvmlDeviceGetInforomVersion)
NOT_SUPPORTED(nvmlDeviceGetInforomImageVersion)
NOT_SUPPORTED(nvmlDeviceGetTemperature)
NOT_SUPPORTED(nvmlDeviceGetTemperatureThreshold)
NOT_SUPPORTED(nvmlDeviceGetPowerUsage)
NOT_SUPPORTED(nvmlDeviceGetPowerManagementLimit)
NOT_SUPPORTED(nvmlDeviceGetEnforcedPowerLimit)
NOT_SUPPORTED(nvmlDeviceGetTotalEnergyConsumption)
NOT_SUPPORTED(nvmlDeviceGetUtilizationRates)
NOT_SUPPORTED(nvmlDeviceGetClockInfo)
NOT_SUPPORTED(nvmlDeviceGetMaxClockInfo)
NOT_SUPPORTED(nvmlDeviceGetClock)
NOT_SUPPORTED(nvmlDeviceGetFanSpeed)
NOT_SUPPORTED(nvmlDeviceGetFanSpeed_v2)
NOT_SUPPORTED(nvmlDeviceGetPerformanceState)
NOT_SUPPORTED(nvmlDeviceGetPowerState)
NOT_SUPPORTED(nvmlDeviceGetEccMode)
NOT_SUPPORTED(nvmlDeviceGetTotalEccErrors)
NOT_SUPPORTED(nvmlDeviceGetMemoryErrorCounter)
NOT_SUPPORTED(nvmlDeviceGetRetiredPages)
NOT_SUPPORTED(nvmlDeviceGetRetiredPages_v2)
NOT_SUPPORTED(nvmlDeviceGetRemappedRows)
NOT_SUPPORTED(nvmlDeviceGetComputeMode)
NOT_SUPPORTED(nvmlDeviceGetPersistenceMode)
NOT_SUPPORTED(nvmlDeviceGetDisplayMode)
NOT_SUPPORTED(nvmlDeviceGetDisplayActive)
NOT_SUPPORTED(nvmlDeviceGetCurrPcieLinkGeneration)
NOT_SUPPORTED(nvmlDeviceGetCurrPcieLinkWidth)
NOT_SUPPORTED(nvmlDeviceGetMaxPcieLinkGeneration)
NOT_SUPPORTED(nvmlDeviceGetMaxPcieLinkWidth)
NOT_SUPPORTED(nvmlDeviceGetPcieThroughput)
NOT_SUPPORTED(nvmlDeviceGetBAR1MemoryInfo)
NOT_SUPPORTED(nvmlDeviceGetMemoryInfo_v2)
NOT_SUPPORTED(nvmlDeviceGetComputeRunningProcesses)
NOT_SUPPORTED(nvmlDeviceGetComputeRunningProcesses_v2)
NOT_SUPPORTED(nvmlDeviceGetComputeRunningProcesses_v3)
NOT_SUPPORTED(nvmlDeviceGetGraphicsRunningProcesses)
NOT_SUPPORTED(nvmlDeviceGetGraphicsRunningProcesses_v3)
NOT_SUPPORTED(nvmlDeviceGetCpuAffinity)
NOT_SUPPORTED(nvmlDeviceGetCpuAffinityWithinScope)
NOT_SUPPORTED(nvmlDeviceGetMemoryAffinity)
NOT_SUPPORTED(nvmlDeviceGetNumaNodeId)
NOT_SUPPORTED(nvmlDeviceGetP2PStatus)
NOT_SUPPORTED(nvmlDeviceGetTopologyNearestGpus)
NOT_SUPPORTED(nvmlDeviceGetNvLinkCapability)
NOT_SUPPORTED(nvmlDeviceGetNvLinkVersion)
NOT_SUPPORTED(nvmlDeviceGetNvLinkErrorCounter)
NOT_SUPPORTED(nvmlDeviceGetGpuFabricInfo)
NOT_SUPPORTED(nvmlDeviceGetGpuFabricInfoV)
NOT_SUPPORTED(nvmlDeviceGetGspFirmwareMode)
NOT_SUPPORTED(nvmlDeviceGetGspFirmwareVersion)
NOT_SUPPORTED(nvmlDeviceGetVirtualizationMode)
NOT_SUPPORTED(nvmlDeviceGetHostVgpuMode)
NOT_SUPPORTED(nvmlDeviceGetBoardId)
NOT_SUPPORTED(nvmlDeviceGetMultiGpuBoard)
NOT_SUPPORTED(nvmlDeviceGetFieldValues)
NOT_SUPPORTED(nvmlDeviceGetSamples)
NOT_SUPPORTED(nvmlDeviceGetAccountingMode)
NOT_SUPPORTED(nvmlDeviceGetAddressingMode)
NOT_SUPPORTED(nvmlDeviceGetModuleId)
NOT_SUPPORTED(nvmlDeviceGetGpuInstancePossiblePlacements_v2)
NOT_SUPPORTED(nvmlDeviceGetGpuInstanceRemainingCapacity)
NOT_SUPPORTED(nvmlDeviceGetGpuInstanceProfileInfoV)
NOT_SUPPORTED(nvmlGpuInstanceGetComputeInstanceProfileInfoV)
NOT_SUPPORTED(nvmlGpuInstanceGetComputeInstanceRemainingCapacity)
NOT_SUPPORTED(nvmlDeviceSetMigMode)
NOT_SUPPORTED(nvmlDeviceCreateGpuInstance)
NOT_SUPPORTED(nvmlDeviceCreateGpuInstanceWithPlacement)
NOT_SUPPORTED(nvmlGpuInstanceDestroy)
NOT_SUPPORTED(nvmlGpuInstanceCreateComputeInstance)
NOT_SUPPORTED(nvmlGpuInstanceCreateComputeInstanceWithPlacement)
NOT_SUPPORTED(nvmlComputeInstanceDestroy)
NOT_SUPPORTED(nvmlDeviceSetPersistenceMode)
NOT_SUPPORTED(nvmlDeviceSetComputeMode)
NOT_SUPPORTED(nvmlDeviceSetEccMode)
NOT_SUPPORTED(nvmlDeviceClearEccErrorCounts)
NOT_SUPPORTED(nvmlDeviceResetGpuLockedClocks)
NOT_SUPPORTED(nvmlDeviceSetPowerManagementLimit)
NOT_SUPPORTED(nvmlUnitGetCount)
NOT_SUPPORTED(nvmlSystemGetProcessName)
NOT_SUPPORTED(nvmlSystemGetHicVersion)
NOT_SUPPORTED(nvmlSystemGetTopologyGpuSet)
NOT_SUPPORTED(nvmlGetExcludedDeviceCount)
NOT_SUPPORTED(nvmlGetExcludedDeviceInfoByIndex)
NOT_SUPPORTED(nvmlVgpuTypeGetName)
NOT_SUPPORTED(nvmlDeviceGetSupportedVgpus)
NOT_SUPPORTED(nvmlDeviceGetActiveVgpus)
