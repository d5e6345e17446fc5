// Command vcsim serves govmomi's vCenter simulator (simulator.VPX model) over HTTPS on
// 127.0.0.1 for Skydeck's peer suite and benchmark. It prints one line, the SDK URL with
// credentials, once the server answers, and runs until SIGINT/SIGTERM.
package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"os/signal"
	"syscall"

	"github.com/vmware/govmomi/simulator"
)

func main() {
	model := simulator.VPX()

	flag.IntVar(&model.Datacenter, "dc", model.Datacenter, "datacenters")
	flag.IntVar(&model.Cluster, "cluster", model.Cluster, "clusters per datacenter")
	flag.IntVar(&model.ClusterHost, "host", model.ClusterHost, "hosts per cluster")
	flag.IntVar(&model.Host, "standalone-host", model.Host, "standalone hosts per datacenter")
	flag.IntVar(&model.Pool, "pool", model.Pool, "resource pools per cluster (besides the root pool)")
	flag.IntVar(&model.Machine, "vm", model.Machine, "virtual machines per resource pool")
	flag.IntVar(&model.Datastore, "ds", model.Datastore, "datastores")
	flag.IntVar(&model.Portgroup, "pg", model.Portgroup, "distributed portgroups per datacenter")
	flag.IntVar(&model.OpaqueNetwork, "nsx", model.OpaqueNetwork, "opaque networks per datacenter")
	flag.IntVar(&model.Folder, "folder", model.Folder, "datacenters placed in a folder")
	flag.IntVar(&model.App, "app", model.App, "virtual apps per cluster")
	flag.IntVar(&model.Pod, "pod", model.Pod, "storage pods per cluster")
	flag.BoolVar(&model.Autostart, "autostart", model.Autostart, "power on the model's VMs")
	flag.IntVar(&model.DelayConfig.Delay, "delay", 0, "milliseconds added to every SOAP call")
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	username := flag.String("username", "user", "login user")
	password := flag.String("password", "pass", "login password")
	flag.Parse()

	if err := model.Create(); err != nil {
		log.Fatalf("creating the model: %v", err)
	}
	defer model.Remove()

	model.Service.Listen = &url.URL{Host: *listen, User: url.UserPassword(*username, *password)}
	model.Service.TLS = new(tls.Config)
	server := model.Service.NewServer()
	defer server.Close()

	fmt.Println(server.URL.String())

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
}
