// SoftHSM reads SOFTHSM2_CONF, a process-wide variable, when the module is initialised: token tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
