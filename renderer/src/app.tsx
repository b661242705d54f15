/** The application shell; the views arrive with the preload bridge. */
export function App() {
  return (
    <div className="nhsuk-width-container">
      <main className="nhsuk-main-wrapper" id="maincontent">
        <h1>Document Store Desktop</h1>
        <p className="nhsuk-body-l">Find a patient&apos;s stored documents by NHS number and save them as one verified ZIP.</p>
      </main>
    </div>
  );
}
