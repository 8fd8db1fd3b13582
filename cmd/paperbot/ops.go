package main

// newOpsService returns the ops HTTP listener, or nil when it is off.
func newOpsService(a *app, platforms []platform) (*service, error) {
	return nil, nil
}
