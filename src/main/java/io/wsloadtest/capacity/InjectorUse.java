package io.wsloadtest.capacity;

/**
 * What one injector JVM (shard) used while a level's load ran: CPU in percent of one core; how much of the time
 * its threads were runnable but waited for a CPU (starved by other processes); time in GC pauses in percent of
 * the load window and the longest pause; heap (largest used before a collection, largest committed) and peak RSS.
 * -1 = not measured.
 */
public record InjectorUse(int shard, double cpuPercent, double cpuWaitPercent, double gcPercent,
    double gcLongestPauseMs, long heapUsedMaxMb, long heapCommittedMaxMb, long peakRssMb) {}
