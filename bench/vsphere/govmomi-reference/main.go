// Command govmomi-reference reads the same inventory properties as Skydeck's vSphere
// connector, through govmomi itself (one ContainerView, PropertyCollector retrieval with
// paging, values decoded into govmomi's types), and prints the time it took as JSON.
// bench/vsphere-sync.ts runs it beside the connector against the same vcsim.
package main

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/vmware/govmomi/property"
	"github.com/vmware/govmomi/session"
	"github.com/vmware/govmomi/view"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

type propertySet struct {
	kind  string
	paths []string
}

// Kept in step with backends/vsphere/inventory/property-sets.ts.
var structureSets = []propertySet{
	{"Datacenter", []string{"name", "parent"}},
	{"Folder", []string{"name", "parent", "childType"}},
	{"ComputeResource", []string{"name", "parent"}},
	{"ClusterComputeResource", []string{"overallStatus", "summary.numHosts", "summary.numCpuThreads", "summary.totalCpu", "summary.totalMemory", "configurationEx.drsConfig.enabled", "configurationEx.dasConfig.enabled"}},
	{"ResourcePool", []string{"name", "parent", "owner"}},
	{"StoragePod", []string{"name", "parent", "summary.capacity", "summary.freeSpace"}},
	{"Network", []string{"name", "parent"}},
	{"DistributedVirtualPortgroup", []string{"key", "config.distributedVirtualSwitch", "config.defaultPortConfig"}},
	{"OpaqueNetwork", []string{"summary.opaqueNetworkId", "summary.opaqueNetworkType"}},
	{"DistributedVirtualSwitch", []string{"name", "parent", "uuid"}},
}

var leafSets = []propertySet{
	{"HostSystem", []string{"name", "parent", "runtime.connectionState", "runtime.powerState", "runtime.inMaintenanceMode", "runtime.bootTime", "summary.hardware.cpuModel", "summary.hardware.numCpuThreads", "summary.hardware.memorySize", "summary.hardware.uuid", "summary.config.product.fullName", "config.network.vnic"}},
	{"Datastore", []string{"name", "parent", "summary.capacity", "summary.freeSpace", "summary.type", "summary.url", "summary.accessible", "summary.maintenanceMode"}},
	{"VirtualMachine", []string{"name", "parent", "resourcePool", "runtime.host", "runtime.powerState", "runtime.connectionState", "runtime.bootTime", "config.template", "config.uuid", "config.instanceUuid", "config.guestFullName", "config.annotation", "config.version", "config.hardware.numCPU", "config.hardware.memoryMB", "config.hardware.device", "guest.ipAddress", "guest.hostName", "guest.net", "guest.toolsRunningStatus", "guest.toolsVersionStatus2", "summary.storage.committed", "snapshot"}},
}

type result struct {
	Runs     []float64 `json:"runsMs"`
	MedianMs float64   `json:"medianMs"`
	Objects  int       `json:"objects"`
	VMs      int       `json:"vms"`
}

func retrieve(ctx context.Context, pc *property.Collector, viewRef types.ManagedObjectReference, sets []propertySet) ([]types.ObjectContent, error) {
	spec := types.PropertyFilterSpec{
		ObjectSet: []types.ObjectSpec{{
			Obj:       viewRef,
			Skip:      types.NewBool(true),
			SelectSet: []types.BaseSelectionSpec{&types.TraversalSpec{Type: "ContainerView", Path: "view"}},
		}},
	}
	for _, set := range sets {
		spec.PropSet = append(spec.PropSet, types.PropertySpec{Type: set.kind, PathSet: set.paths})
	}
	res, err := pc.RetrieveProperties(ctx, types.RetrieveProperties{SpecSet: []types.PropertyFilterSpec{spec}})
	if err != nil {
		return nil, err
	}
	return res.Returnval, nil
}

// syncOnce does what one connector sync does: a view, the skeleton, then hosts, datastores and VMs, decoded.
func syncOnce(ctx context.Context, client *vim25.Client) (objects int, vms int, err error) {
	mgr := view.NewManager(client)
	v, err := mgr.CreateContainerView(ctx, client.ServiceContent.RootFolder, nil, true)
	if err != nil {
		return 0, 0, err
	}
	defer v.Destroy(ctx)
	pc := property.DefaultCollector(client)
	for _, sets := range [][]propertySet{structureSets, leafSets} {
		content, err := retrieve(ctx, pc, v.Reference(), sets)
		if err != nil {
			return 0, 0, err
		}
		for _, oc := range content {
			if _, err := mo.ObjectContentToType(oc); err != nil {
				return 0, 0, err
			}
			objects++
			if oc.Obj.Type == "VirtualMachine" {
				vms++
			}
		}
	}
	return objects, vms, nil
}

func main() {
	rawURL := flag.String("url", "", "SDK URL, e.g. https://127.0.0.1:8989/sdk")
	user := flag.String("user", "user", "user")
	password := flag.String("password", "pass", "password")
	fingerprint := flag.String("fingerprint", "", "SHA-256 fingerprint of the server certificate (AB:CD:…), pinned")
	runs := flag.Int("runs", 3, "timed syncs")
	warmup := flag.Bool("warmup", true, "one untimed sync first")
	flag.Parse()

	u, err := url.Parse(*rawURL)
	if err != nil || *fingerprint == "" {
		log.Fatalf("need -url and -fingerprint")
	}
	ctx := context.Background()
	sc := soap.NewClient(u, true)
	pinned := strings.ToUpper(strings.ReplaceAll(*fingerprint, ":", ""))
	// Verification is by pin: the handshake fails unless the certificate has the fingerprint given.
	sc.DefaultTransport().TLSClientConfig.VerifyPeerCertificate = func(rawCerts [][]byte, _ [][]*x509.Certificate) error {
		if len(rawCerts) == 0 {
			return fmt.Errorf("no certificate")
		}
		sum := sha256.Sum256(rawCerts[0])
		if fmt.Sprintf("%X", sum[:]) != pinned {
			return fmt.Errorf("certificate fingerprint does not match the pin")
		}
		return nil
	}
	client, err := vim25.NewClient(ctx, sc)
	if err != nil {
		log.Fatalf("connect: %v", err)
	}
	if err := session.NewManager(client).Login(ctx, url.UserPassword(*user, *password)); err != nil {
		log.Fatalf("login: %v", err)
	}

	var out result
	if *warmup {
		if _, _, err := syncOnce(ctx, client); err != nil {
			log.Fatalf("warm-up: %v", err)
		}
	}
	for i := 0; i < *runs; i++ {
		started := time.Now()
		objects, vms, err := syncOnce(ctx, client)
		if err != nil {
			log.Fatalf("sync: %v", err)
		}
		out.Runs = append(out.Runs, float64(time.Since(started).Microseconds())/1000)
		out.Objects, out.VMs = objects, vms
	}
	sorted := append([]float64(nil), out.Runs...)
	sort.Float64s(sorted)
	out.MedianMs = sorted[len(sorted)/2]
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		log.Fatal(err)
	}
}
