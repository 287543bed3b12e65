/* Checks the fake NVML through its C ABI, as any client sees it. Run by the Maven build. */
#define _GNU_SOURCE
#include "nvml_abi.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

nvmlReturn_t nvmlInit_v2(void);
nvmlReturn_t nvmlShutdown(void);
const char *nvmlErrorString(nvmlReturn_t);
nvmlReturn_t nvmlSystemGetDriverVersion(char *, unsigned);
nvmlReturn_t nvmlSystemGetCudaDriverVersion(int *);
nvmlReturn_t nvmlDeviceGetCount_v2(unsigned *);
nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned, nvmlDevice_t *);
nvmlReturn_t nvmlDeviceGetHandleByUUID(const char *, nvmlDevice_t *);
nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t, char *, unsigned);
nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t, char *, unsigned);
nvmlReturn_t nvmlDeviceGetMinorNumber(nvmlDevice_t, unsigned *);
nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t, nvmlMemory_t *);
nvmlReturn_t nvmlDeviceGetPciInfo_v3(nvmlDevice_t, nvmlPciInfo_t *);
nvmlReturn_t nvmlDeviceGetMigMode(nvmlDevice_t, unsigned *, unsigned *);
nvmlReturn_t nvmlDeviceGetMigDeviceHandleByIndex(nvmlDevice_t, unsigned, nvmlDevice_t *);
nvmlReturn_t nvmlDeviceGetDeviceHandleFromMigDeviceHandle(nvmlDevice_t, nvmlDevice_t *);
nvmlReturn_t nvmlDeviceGetAttributes_v2(nvmlDevice_t, nvmlDeviceAttributes_t *);
nvmlReturn_t nvmlDeviceGetGpuInstanceProfileInfo(nvmlDevice_t, unsigned, nvmlGpuInstanceProfileInfo_t *);
nvmlReturn_t nvmlDeviceGetGpuInstanceById(nvmlDevice_t, unsigned, nvmlGpuInstance_t *);
nvmlReturn_t nvmlGpuInstanceGetInfo(nvmlGpuInstance_t, nvmlGpuInstanceInfo_t *);
nvmlReturn_t nvmlGpuInstanceGetComputeInstanceById(nvmlGpuInstance_t, unsigned, nvmlComputeInstance_t *);
nvmlReturn_t nvmlComputeInstanceGetInfo_v2(nvmlComputeInstance_t, nvmlComputeInstanceInfo_t *);
nvmlReturn_t nvmlDeviceGetTopologyCommonAncestor(nvmlDevice_t, nvmlDevice_t, nvmlGpuTopologyLevel_t *);
nvmlReturn_t nvmlDeviceGetNvLinkState(nvmlDevice_t, unsigned, nvmlEnableState_t *);
nvmlReturn_t nvmlDeviceGetNvLinkRemotePciInfo_v2(nvmlDevice_t, unsigned, nvmlPciInfo_t *);
nvmlReturn_t nvmlDeviceGetNvLinkRemoteDeviceType(nvmlDevice_t, unsigned, nvmlIntNvLinkDeviceType_t *);
nvmlReturn_t nvmlDeviceGetSerial(nvmlDevice_t, char *, unsigned);
nvmlReturn_t nvmlEventSetCreate(nvmlEventSet_t *);
nvmlReturn_t nvmlDeviceRegisterEvents(nvmlDevice_t, unsigned long long, nvmlEventSet_t);
nvmlReturn_t nvmlEventSetWait_v2(nvmlEventSet_t, nvmlEventData_t *, unsigned);
nvmlReturn_t nvmlEventSetFree(nvmlEventSet_t);

static int failures;

#define CHECK(cond)                                                          \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                      \
        }                                                                    \
    } while (0)

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s <node file> <control file>\n", argv[0]);
        return 2;
    }
    setenv("FAKE_NVML_NODE", argv[1], 1);
    setenv("FAKE_NVML_CONTROL", argv[2], 1);
    FILE *ctl = fopen(argv[2], "w");
    CHECK(ctl != NULL);

    /* The real struct sizes on LP64. */
    CHECK(sizeof(nvmlPciInfo_t) == 68);
    CHECK(sizeof(nvmlMemory_t) == 24);
    CHECK(sizeof(nvmlDeviceAttributes_t) == 40);
    CHECK(sizeof(nvmlGpuInstanceProfileInfo_t) == 48);
    CHECK(sizeof(nvmlEventData_t) == 32);
    CHECK(sizeof(nvmlGpuInstanceInfo_t) == 24);
    CHECK(sizeof(nvmlComputeInstanceInfo_t) == 32);

    unsigned count = 0;
    CHECK(nvmlDeviceGetCount_v2(&count) == NVML_ERROR_UNINITIALIZED);
    CHECK(strcmp(nvmlErrorString(NVML_ERROR_INSUFFICIENT_SIZE), "Insufficient Size") == 0);
    CHECK(nvmlInit_v2() == NVML_SUCCESS);

    char buf[96];
    CHECK(nvmlSystemGetDriverVersion(buf, sizeof buf) == NVML_SUCCESS && strcmp(buf, "550.54.15") == 0);
    CHECK(nvmlSystemGetDriverVersion(buf, 5) == NVML_ERROR_INSUFFICIENT_SIZE);
    int cuda = 0;
    CHECK(nvmlSystemGetCudaDriverVersion(&cuda) == NVML_SUCCESS && cuda == 12040);
    CHECK(nvmlDeviceGetCount_v2(&count) == NVML_SUCCESS && count == 2);

    nvmlDevice_t d0, d1, bad;
    CHECK(nvmlDeviceGetHandleByIndex_v2(0, &d0) == NVML_SUCCESS);
    CHECK(nvmlDeviceGetHandleByIndex_v2(1, &d1) == NVML_SUCCESS);
    CHECK(nvmlDeviceGetHandleByIndex_v2(2, &bad) == NVML_ERROR_INVALID_ARGUMENT);
    CHECK(nvmlDeviceGetUUID(d0, buf, sizeof buf) == NVML_SUCCESS && strcmp(buf, "GPU-11111111-2222-3333-4444-555555555555") == 0);
    CHECK(nvmlDeviceGetUUID(d0, buf, 40) == NVML_ERROR_INSUFFICIENT_SIZE);
    CHECK(nvmlDeviceGetUUID(d0, buf, 41) == NVML_SUCCESS);
    CHECK(nvmlDeviceGetName(d1, buf, sizeof buf) == NVML_SUCCESS && strcmp(buf, "Tesla V100-SXM2-16GB") == 0);
    CHECK(nvmlDeviceGetName(d1, buf, 4) == NVML_ERROR_INSUFFICIENT_SIZE);
    CHECK(nvmlDeviceGetSerial(d1, buf, sizeof buf) == NVML_ERROR_NOT_SUPPORTED);
    unsigned minor = 0;
    CHECK(nvmlDeviceGetMinorNumber(d0, &minor) == NVML_SUCCESS && minor == 3);
    nvmlMemory_t mem;
    CHECK(nvmlDeviceGetMemoryInfo(d0, &mem) == NVML_SUCCESS && mem.total == 40960ULL << 20);

    nvmlPciInfo_t pci;
    CHECK(nvmlDeviceGetPciInfo_v3(d0, &pci) == NVML_SUCCESS);
    CHECK(strcmp(pci.busId, "00000000:3B:00.0") == 0);
    CHECK(strcmp(pci.busIdLegacy, "0000:3B:00.0") == 0);
    CHECK(pci.bus == 0x3B && pci.domain == 0);

    unsigned cur = 9, pending = 9;
    CHECK(nvmlDeviceGetMigMode(d0, &cur, &pending) == NVML_SUCCESS && cur == 1 && pending == 1);
    CHECK(nvmlDeviceGetMigMode(d1, &cur, &pending) == NVML_ERROR_NOT_SUPPORTED);

    nvmlDevice_t m0, m1, parent;
    CHECK(nvmlDeviceGetMigDeviceHandleByIndex(d0, 0, &m0) == NVML_SUCCESS);
    CHECK(nvmlDeviceGetMigDeviceHandleByIndex(d0, 1, &m1) == NVML_ERROR_NOT_FOUND);
    CHECK(nvmlDeviceGetMigDeviceHandleByIndex(d0, 7, &m1) == NVML_ERROR_INVALID_ARGUMENT);
    CHECK(nvmlDeviceGetMigDeviceHandleByIndex(d0, 2, &m1) == NVML_SUCCESS);
    CHECK(nvmlDeviceGetDeviceHandleFromMigDeviceHandle(m1, &parent) == NVML_SUCCESS && parent == d0);
    CHECK(nvmlDeviceGetName(m0, buf, sizeof buf) == NVML_SUCCESS && strcmp(buf, "NVIDIA A100-SXM4-40GB MIG 1g.5gb+me") == 0);
    CHECK(nvmlDeviceGetName(m1, buf, sizeof buf) == NVML_SUCCESS && strcmp(buf, "NVIDIA A100-SXM4-40GB MIG 7g.40gb") == 0);

    nvmlDeviceAttributes_t attrs;
    CHECK(nvmlDeviceGetAttributes_v2(m0, &attrs) == NVML_SUCCESS);
    CHECK(attrs.memorySizeMB == 4864 && attrs.gpuInstanceSliceCount == 1 && attrs.computeInstanceSliceCount == 1);
    CHECK(nvmlDeviceGetAttributes_v2(d0, &attrs) == NVML_ERROR_NOT_SUPPORTED);

    nvmlGpuInstanceProfileInfo_t gip;
    CHECK(nvmlDeviceGetGpuInstanceProfileInfo(d0, 7, &gip) == NVML_SUCCESS && gip.sliceCount == 1 && gip.memorySizeMB == 4864 && gip.instanceCount == 1);
    CHECK(nvmlDeviceGetGpuInstanceProfileInfo(d0, 1, &gip) == NVML_ERROR_NOT_SUPPORTED);
    CHECK(nvmlDeviceGetGpuInstanceProfileInfo(d0, 10, &gip) == NVML_ERROR_INVALID_ARGUMENT);

    nvmlGpuInstance_t gi;
    nvmlGpuInstanceInfo_t gii;
    nvmlComputeInstance_t ci;
    nvmlComputeInstanceInfo_t cii;
    CHECK(nvmlDeviceGetGpuInstanceById(d0, 7, &gi) == NVML_SUCCESS);
    CHECK(nvmlGpuInstanceGetInfo(gi, &gii) == NVML_SUCCESS && gii.id == 7 && gii.device == d0 && gii.profileId == 20);
    CHECK(nvmlGpuInstanceGetComputeInstanceById(gi, 0, &ci) == NVML_SUCCESS);
    CHECK(nvmlComputeInstanceGetInfo_v2(ci, &cii) == NVML_SUCCESS && cii.id == 0 && cii.gpuInstance == gi && cii.profileId == 0);
    CHECK(nvmlDeviceGetGpuInstanceById(d0, 5, &gi) == NVML_ERROR_NOT_FOUND);

    nvmlGpuTopologyLevel_t level;
    CHECK(nvmlDeviceGetTopologyCommonAncestor(d1, d0, &level) == NVML_SUCCESS && level == NVML_TOPOLOGY_SYSTEM);
    nvmlEnableState_t active;
    CHECK(nvmlDeviceGetNvLinkState(d0, 5, &active) == NVML_SUCCESS && active == NVML_FEATURE_ENABLED);
    CHECK(nvmlDeviceGetNvLinkState(d0, 1, &active) == NVML_SUCCESS && active == NVML_FEATURE_DISABLED);
    CHECK(nvmlDeviceGetNvLinkState(d0, 18, &active) == NVML_ERROR_INVALID_ARGUMENT);
    CHECK(nvmlDeviceGetNvLinkState(d1, 0, &active) == NVML_ERROR_NOT_SUPPORTED);
    CHECK(nvmlDeviceGetNvLinkRemotePciInfo_v2(d0, 5, &pci) == NVML_SUCCESS && strcmp(pci.busId, "00000000:86:00.0") == 0);
    nvmlIntNvLinkDeviceType_t remote;
    CHECK(nvmlDeviceGetNvLinkRemoteDeviceType(d0, 5, &remote) == NVML_SUCCESS && remote == NVML_NVLINK_DEVICE_TYPE_GPU);
    CHECK(nvmlDeviceGetNvLinkRemoteDeviceType(d0, 6, &remote) == NVML_SUCCESS && remote == NVML_NVLINK_DEVICE_TYPE_SWITCH);
    CHECK(nvmlDeviceGetNvLinkRemotePciInfo_v2(d0, 6, &pci) == NVML_SUCCESS && strcmp(pci.busId, "00000000:C1:00.0") == 0);
    CHECK(nvmlDeviceGetNvLinkRemoteDeviceType(d0, 1, &remote) == NVML_ERROR_NOT_SUPPORTED);

    nvmlEventSet_t set;
    nvmlEventData_t ev;
    CHECK(nvmlEventSetCreate(&set) == NVML_SUCCESS);
    CHECK(nvmlDeviceRegisterEvents(d0, nvmlEventTypeXidCriticalError, set) == NVML_SUCCESS);
    CHECK(nvmlDeviceRegisterEvents(m0, nvmlEventTypeXidCriticalError, set) == NVML_ERROR_NOT_SUPPORTED);
    CHECK(nvmlEventSetWait_v2(set, &ev, 0) == NVML_ERROR_TIMEOUT);
    fprintf(ctl, "xid 0 79 7 0\nxid 1 48\nlost 0\n");
    fflush(ctl);
    CHECK(nvmlEventSetWait_v2(set, &ev, 100) == NVML_SUCCESS);
    CHECK(ev.device == d0 && ev.eventType == nvmlEventTypeXidCriticalError && ev.eventData == 79);
    CHECK(ev.gpuInstanceId == 7 && ev.computeInstanceId == 0);
    CHECK(nvmlEventSetWait_v2(set, &ev, 10) == NVML_ERROR_GPU_IS_LOST);  /* gpu 1 is not registered */
    CHECK(nvmlEventSetWait_v2(set, &ev, 10) == NVML_ERROR_TIMEOUT);
    CHECK(nvmlDeviceGetMemoryInfo(d0, &mem) == NVML_ERROR_GPU_IS_LOST);
    CHECK(nvmlDeviceGetHandleByUUID("GPU-11111111-2222-3333-4444-555555555555", &bad) == NVML_ERROR_GPU_IS_LOST);
    fprintf(ctl, "back 0\n");
    fflush(ctl);
    CHECK(nvmlDeviceGetMemoryInfo(d0, &mem) == NVML_SUCCESS);
    CHECK(nvmlDeviceGetHandleByUUID("MIG-aaaaaaaa-0000-0000-0000-000000000002", &bad) == NVML_SUCCESS && bad == m1);
    CHECK(nvmlDeviceGetHandleByUUID("GPU-nope", &bad) == NVML_ERROR_NOT_FOUND);
    CHECK(nvmlEventSetFree(set) == NVML_SUCCESS);
    CHECK(nvmlShutdown() == NVML_SUCCESS);
    CHECK(nvmlShutdown() == NVML_ERROR_UNINITIALIZED);
    fclose(ctl);

    if (failures) {
        fprintf(stderr, "fake NVML C test: %d check(s) failed\n", failures);
        return 1;
    }
    printf("fake NVML C test: all checks passed\n");
    return 0;
}
