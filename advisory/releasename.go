package advisory

// SplitReleaseName splits a release name as Apple writes it in titles, index
// rows and mail subjects into products and versions: "iOS 18.1 and iPadOS 18.1"
// gives iOS 18.1 and iPadOS 18.1; "macOS Sequoia 15.1" gives macOS 15.1.
func SplitReleaseName(name string) []ProductVersion {
	return nil
}
