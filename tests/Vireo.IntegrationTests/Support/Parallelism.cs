// Three test classes at a time on the two-core CI machine: many tests spend seconds waiting on a guest
// (a timeout it must hit, an agent that does not answer, a reboot), and with two at a time the CPU stood
// idle a sixth of the run. Each test has its own engine, state directory and guest, so any number can
// run together; waits are bounded by generous timeouts, never by timing assertions.
[assembly: CollectionBehavior(MaxParallelThreads = 3)]
