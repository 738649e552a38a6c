package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/store"
)

func ExampleKey() {
	fmt.Println(store.Key("https://support.apple.com/en-us/126604"))
	fmt.Println(store.Key("https://support.apple.com/126604"))
	fmt.Println(store.Key("http://support.apple.com/kb/HT213635"))
	// Output:
	// apple:126604
	// apple:126604
	// apple:HT213635
}

func ExampleOpen() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "applesec-db")
	defer os.RemoveAll(dir)

	db, err := store.Open(ctx, filepath.Join(dir, "db"), store.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	f, _ := os.Open("../testdata/coverage/APPLE-SA-2026-03-24-1.txt")
	mail, err := advisory.ParseMail(f, "https://seclists.org/fulldisclosure/2026/Mar/20")
	f.Close()
	if err != nil {
		fmt.Println(err)
		return
	}
	change, err := db.PutAdvisory(ctx, mail, store.Fetch{URL: "https://seclists.org/fulldisclosure/2026/Mar/20"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(change.Key, "new:", change.New, "entries:", len(change.Added))
	if err := db.Close(); err != nil {
		fmt.Println(err)
	}

	// A reader takes no lock: any number may open while a writer writes.
	ro, err := store.OpenReadOnly(ctx, filepath.Join(dir, "db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	ans, _ := ro.CVE("CVE-2026-20643")
	for _, fix := range ans.FixedIn {
		fmt.Println(fix.Released, fix.Component, fix.Releases)
	}
	// Output:
	// apple:126792 new: true entries: 5
	// 2026-03-24 WebKit [{iOS 26.4 } {iPadOS 26.4 }]
}

func ExampleDB_List() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "applesec-db")
	defer os.RemoveAll(dir)
	db, _ := store.Open(ctx, dir, store.Options{})
	defer db.Close()
	f, _ := os.Open("../testdata/advisory/current-ios-26.2.html")
	page, _ := advisory.ParsePage(f, "https://support.apple.com/en-us/125884")
	f.Close()
	if _, err := db.PutAdvisory(ctx, page, store.Fetch{}); err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range db.List(store.Query{Component: "WebKit", Exploited: true}) {
		fmt.Println(m.Advisory.Released, m.Entry.Component, m.Entry.CVEs[0].ID)
	}
	// Output:
	// 2025-12-12 WebKit CVE-2025-14174
	// 2025-12-12 WebKit CVE-2025-43529
}
